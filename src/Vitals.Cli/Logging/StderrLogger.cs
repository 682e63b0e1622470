using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Vitals.Cli.Logging;

/// <summary>
/// One line per entry on stderr, written by the platform's console formatter of the command's <c>--log-format</c>:
/// <c>warn: Vitals.Engine.HealthEngine[2006] message</c>, or one JSON object.
/// </summary>
internal sealed class StderrLogger(TextWriter stderr, ConsoleFormatter formatter, string category, LogLevel minimumLevel) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimumLevel && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatMessage)
    {
        // Member transitions and flapping are the command's own output (stdout); repeating them here would
        // double every line.
        if (!IsEnabled(logLevel) || eventId.Name?.StartsWith("Member", StringComparison.Ordinal) == true)
        {
            return;
        }

        // Messages may quote what a target answered: control characters are escaped before they reach a terminal.
        var entry = new LogEntry<TState>(logLevel, category, eventId, state, exception,
            (s, e) => Output.TerminalText.Escape(formatMessage(s, e)));
        lock (stderr)
        {
            formatter.Write(in entry, null, stderr);
        }
    }
}
