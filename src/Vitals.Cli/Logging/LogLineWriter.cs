using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Vitals.Cli.Logging;

/// <summary>
/// A writer that turns each line written to it into one log entry formatted by a platform console formatter: with
/// <c>--log-format json</c>, <c>vitals serve</c>'s start banner is JSON like every other line of its output.
/// </summary>
internal sealed class LogLineWriter(TextWriter inner, ConsoleFormatter formatter, string category, EventId eventId) : TextWriter
{
    private static readonly Func<string, Exception?, string> s_message = static (line, _) => line;
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            Emit();
        }
        else if (value != '\r')
        {
            _line.Append(value);
        }
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? "")
        {
            Write(c);
        }
    }

    public override void WriteLine(string? value)
    {
        Write(value);
        Emit();
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    private void Emit()
    {
        var line = _line.ToString();
        _line.Clear();
        formatter.Write(new LogEntry<string>(LogLevel.Information, category, eventId, line, null, s_message), null, inner);
    }
}
