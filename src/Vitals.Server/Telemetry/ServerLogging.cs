using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging.Console;

namespace Vitals.Server.Telemetry;

/// <summary>
/// The log output of the server and of the CLI: the platform's console formatters (simple single-line or JSON) for every
/// line, framework ones included, each with its event id. The server's lines all go to stderr, so that stdout carries
/// only what the command itself prints (the start banner).
/// </summary>
public static class ServerLogging
{
    /// <summary>UTC, to the millisecond: the JSON lines carry their own time (text lines leave it to journald or the terminal).</summary>
    public const string JsonTimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

    private static readonly ConcurrentDictionary<LogFormat, ConsoleFormatter> s_formatters = new();

    /// <summary>Replaces the host's log providers by one console logger in <paramref name="format"/>, writing to stderr.</summary>
    public static ILoggingBuilder UseConsoleFormat(this ILoggingBuilder logging, LogFormat format)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        // AddSimpleConsole and AddJsonConsole each add the console logger and make their formatter its formatter.
        Add(logging, format, colors: true);
        logging.Services.Configure<ConsoleLoggerOptions>(static console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        return logging;
    }

    /// <summary>
    /// The platform's formatter for <paramref name="format"/>, configured as <see cref="UseConsoleFormat"/> configures
    /// it, for output the console logger does not own (the CLI's stderr, the serve banner in JSON). Never colored.
    /// </summary>
    public static ConsoleFormatter Formatter(LogFormat format) => s_formatters.GetOrAdd(format, static key =>
    {
        // The formatters are internal types: the logging builder registers them, and they are taken from its container.
        var services = new ServiceCollection()
            .AddLogging(logging => Add(logging, key, colors: false))
            .BuildServiceProvider();
        var name = FormatterName(key);
        return services.GetServices<ConsoleFormatter>().Single(formatter => formatter.Name == name);
    });

    /// <summary>Reads <c>text</c> or <c>json</c> (any case).</summary>
    public static bool TryParse(string? text, out LogFormat format)
    {
        format = LogFormat.Text;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "text":
                return true;
            case "json":
                format = LogFormat.Json;
                return true;
            default:
                return false;
        }
    }

    private static void Add(ILoggingBuilder logging, LogFormat format, bool colors)
    {
        if (format == LogFormat.Json)
        {
            logging.AddJsonConsole(Json);
        }
        else
        {
            logging.AddSimpleConsole(simple => Simple(simple, colors));
        }
    }

    private static string FormatterName(LogFormat format) => format == LogFormat.Json ? ConsoleFormatterNames.Json : ConsoleFormatterNames.Simple;

    private static void Simple(SimpleConsoleFormatterOptions simple, bool colors)
    {
        // One line per entry: a message on a line of its own would be a separate record in journald and most collectors.
        simple.SingleLine = true;
        simple.IncludeScopes = false;
        simple.ColorBehavior = colors ? LoggerColorBehavior.Default : LoggerColorBehavior.Disabled;
    }

    private static void Json(JsonConsoleFormatterOptions json)
    {
        json.IncludeScopes = false;
        json.UseUtcTimestamp = true;
        json.TimestampFormat = JsonTimestampFormat;
        json.JsonWriterOptions = new JsonWriterOptions { Indented = false };
    }
}
