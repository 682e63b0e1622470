using Microsoft.Extensions.Logging;

namespace Vitals.Cli.Logging;

/// <summary>One line per entry on stderr: <c>warn: [2006 ChecksSkipped] message</c>.</summary>
internal sealed class StderrLogger(TextWriter stderr, LogLevel minimumLevel) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimumLevel && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        // Member transitions and flapping are the command's own output (stdout); repeating them here would
        // double every line.
        if (!IsEnabled(logLevel) || eventId.Name?.StartsWith("Member", StringComparison.Ordinal) == true)
        {
            return;
        }

        var level = logLevel switch
        {
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            LogLevel.Critical => "crit",
            LogLevel.Information => "info",
            _ => "dbug",
        };
        var line = $"{level}: [{eventId.Id} {eventId.Name}] {Output.TerminalText.Escape(formatter(state, exception))}";
        stderr.WriteLine(exception is null ? line : $"{line}{Environment.NewLine}{exception}");
    }
}
