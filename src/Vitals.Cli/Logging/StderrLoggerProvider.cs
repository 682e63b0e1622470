using Microsoft.Extensions.Logging;

namespace Vitals.Cli.Logging;

/// <summary>
/// Writes warnings and errors of the libraries the CLI runs (the engine's "checker overloaded", a prober fault)
/// to the command's stderr, one line each. Member events are left out: the command prints those itself on stdout.
/// </summary>
internal sealed class StderrLoggerProvider(TextWriter stderr, LogLevel minimumLevel) : ILoggerProvider
{
    private readonly TextWriter _stderr = TextWriter.Synchronized(stderr);

    public ILogger CreateLogger(string categoryName) => new StderrLogger(_stderr, minimumLevel);

    public void Dispose()
    {
    }
}
