namespace Vitals.Server.Telemetry;

/// <summary>How log lines are written: both through the platform's console formatters, one line per entry.</summary>
public enum LogFormat
{
    /// <summary><c>info: Category[EventId] message</c> (the simple console formatter, single line).</summary>
    Text,

    /// <summary>One JSON object per line (the JSON console formatter): timestamp, event id, level, category, message, state.</summary>
    Json,
}
