using System.Text;
using System.Text.Json;
using Vitals.Cli.Probe;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Probes;

namespace Vitals.Cli.Output;

/// <summary>Renders one check result for people (text) or scripts (one JSON object).</summary>
internal static class ProbeResultFormatter
{
    private const string ContentIndent = "  | ";

    /// <summary>Most content lines shown in text mode; the JSON carries the whole excerpt.</summary>
    private const int MaxContentLines = 12;

    public static ProbeReport ToReport(ProbeResult result, ProbeTarget target) => new()
    {
        Outcome = result.IsSuccess ? "success" : "failure",
        ReasonCode = result.Reason.ToWire(),
        NlbReasonCode = result.Reason.ToNlb(),
        CheckCode = result.CheckCode.ToWire(),
        CheckStatus = result.CheckStatus,
        StatusCode = result.StatusCode,
        TimingsMs = new TimingsReport(result.Timings.ConnectMs, result.Timings.TlsMs, result.Timings.FirstByteMs,
            result.Timings.TotalMs),
        Content = result.Content,
        Detail = result.Detail,
        Target = TargetText(target),
        Type = target.Spec.Type.ToWire(),
        CheckedAt = CliFormat.Instant(result.CheckedAt),
    };

    public static string ToJson(ProbeResult result, ProbeTarget target) =>
        JsonSerializer.Serialize(ToReport(result, target), CliJsonContext.Default.ProbeReport);

    /// <summary>
    /// The summary line, HAProxy's status line, then the content excerpt indented; every piece of backend data
    /// escaped (<see cref="TerminalText"/>).
    /// </summary>
    public static string ToText(ProbeResult result, ProbeTarget target)
    {
        var sb = new StringBuilder(256);
        sb.Append(result.IsSuccess ? "OK  " : "FAIL").Append("  ").Append(TypeText(target)).Append(' ')
            .Append(TargetText(target));
        if (!result.IsSuccess)
        {
            sb.Append("  ").Append(result.Reason.ToWire());
        }

        sb.Append("  ").Append(result.CheckCode.ToWire());
        if (result.StatusCode is { } status)
        {
            sb.Append("  status ").Append(status);
        }

        AppendTiming(sb, "connect", result.Timings.ConnectMs);
        AppendTiming(sb, "tls", result.Timings.TlsMs);
        AppendTiming(sb, "first byte", result.Timings.FirstByteMs);
        AppendTiming(sb, "total", result.Timings.TotalMs);
        sb.AppendLine();

        TerminalText.AppendEscaped(sb, result.CheckStatus);
        if (!result.IsSuccess)
        {
            sb.Append(" (").Append(result.Reason.Describe()).Append(')');
        }

        sb.AppendLine();
        AppendContent(sb, result.Content);
        return sb.ToString();
    }

    private static void AppendTiming(StringBuilder sb, string name, double? ms)
    {
        if (ms is { } value)
        {
            sb.Append("  ").Append(name).Append(' ').Append(CliFormat.Millis(value)).Append(" ms");
        }
    }

    /// <summary>One indented line per line of the excerpt (CR LF and LF both end a line).</summary>
    private static void AppendContent(StringBuilder sb, string? content)
    {
        if (string.IsNullOrEmpty(content))
        {
            return;
        }

        var rest = content.AsSpan();
        for (var lines = 0; !rest.IsEmpty; lines++)
        {
            if (lines == MaxContentLines)
            {
                sb.Append(ContentIndent).AppendLine("...");
                return;
            }

            var end = rest.IndexOf('\n');
            var line = end < 0 ? rest : rest[..end];
            if (line.EndsWith('\r'))
            {
                line = line[..^1];
            }

            sb.Append(ContentIndent);
            TerminalText.AppendEscaped(sb, line);
            sb.AppendLine();
            rest = end < 0 ? [] : rest[(end + 1)..];
        }
    }

    private static string TargetText(ProbeTarget target) => TargetAddress.Format(target.EndPoint.Address, target.EndPoint.Port);

    private static string TypeText(ProbeTarget target) =>
        target.Spec.Type == HealthMonitorType.Grpc && target.UseTls ? "GRPC+TLS" : target.Spec.Type.ToWire();
}
