using Microsoft.Extensions.Logging;

namespace Vitals.Engine.Tests;

/// <summary>Keeps every log entry so tests can assert what was logged.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly Lock _lock = new();
    private readonly List<(LogLevel Level, EventId Id, string Message)> _entries = [];

    public List<(LogLevel Level, EventId Id, string Message)> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        lock (_lock)
        {
            _entries.Add((logLevel, eventId, formatter(state, exception)));
        }
    }

    public int Count(int eventId) => Entries.FindAll(e => e.Id.Id == eventId).Count;
}
