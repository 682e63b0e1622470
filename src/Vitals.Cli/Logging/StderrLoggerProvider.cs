using Microsoft.Extensions.Logging;
using Vitals.Server.Telemetry;

namespace Vitals.Cli.Logging;

/// <summary>
/// Writes warnings and errors of the libraries the CLI runs (the engine's "checker overloaded", a prober fault)
/// to the command's stderr, one line each, in the platform's text or JSON console format. Member events are left out:
/// the command prints those itself on stdout.
/// </summary>
internal sealed class StderrLoggerProvider(TextWriter stderr, LogLevel minimumLevel, LogFormat format = LogFormat.Text) : ILoggerProvider
{
    private readonly TextWriter _stderr = TextWriter.Synchronized(stderr);

    public ILogger CreateLogger(string categoryName) => new StderrLogger(_stderr, ServerLogging.Formatter(format), categoryName, minimumLevel);

    public void Dispose()
    {
    }
}
