using System.CommandLine;
using Vitals.Server.Telemetry;

namespace Vitals.Cli.Logging;

/// <summary><c>--log-format text|json</c> (default: <c>$VITALS_LOG_FORMAT</c>, else text), shared by the commands that log.</summary>
internal static class LogFormatOption
{
    public const string Variable = "VITALS_LOG_FORMAT";

    public static Option<string?> Create() => new("--log-format")
    {
        Description = $"Log lines (stderr) as the platform's console formatters write them: text (one line each) or json "
            + $"(default: ${Variable}, else text).",
        HelpName = "text|json",
    };

    /// <summary>The flag, else the variable, else text; an error naming whichever was wrong.</summary>
    public static bool TryRead(string? flag, Func<string, string?> environment, out LogFormat format, out string error)
    {
        error = "";
        var text = flag ?? environment(Variable);
        if (string.IsNullOrEmpty(text) ? Fallback(out format) : ServerLogging.TryParse(text, out format))
        {
            return true;
        }

        error = $"{(flag is null ? "$" + Variable : "--log-format")} must be text or json (got '{text}')";
        return false;
    }

    private static bool Fallback(out LogFormat format)
    {
        format = LogFormat.Text;
        return true;
    }
}
