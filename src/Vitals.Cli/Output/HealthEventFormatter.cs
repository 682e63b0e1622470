using System.Text;
using System.Text.Json;
using Vitals.Core.Health;
using Vitals.Core.Probing;

namespace Vitals.Cli.Output;

/// <summary>Renders member changes of the scheduled mode: a readable line, or one JSON object per line.</summary>
internal static class HealthEventFormatter
{
    public static string TransitionJson(string target, HealthTransition transition)
    {
        var deciding = Deciding(transition);
        return JsonSerializer.Serialize(new TransitionReport
        {
            Target = target,
            From = transition.From.ToString(),
            To = transition.To.ToString(),
            At = CliFormat.Instant(transition.At),
            ReasonCode = transition.Reason.ToWire(),
            CheckCode = deciding?.CheckCode.ToWire(),
        }, CliJsonContext.Default.TransitionReport);
    }

    /// <summary>
    /// <c>2026-11-21T08:44:15.123Z  10.0.0.5:80  Healthy -> Unhealthy  CONNECT_FAILED  L4CON  Layer4 connection
    /// problem, info: "Connection refused"</c>; the cause is named when checks were not it.
    /// </summary>
    public static string TransitionText(string target, HealthTransition transition)
    {
        var sb = new StringBuilder(160);
        sb.Append(CliFormat.Instant(transition.At)).Append("  ").Append(target).Append("  ")
            .Append(transition.From).Append(" -> ").Append(transition.To);
        if (transition.Reason.ToWire() is { } reason)
        {
            sb.Append("  ").Append(reason);
        }

        if (Deciding(transition) is { } result)
        {
            sb.Append("  ").Append(result.CheckCode.ToWire()).Append("  ");
            TerminalText.AppendEscaped(sb, result.CheckStatus);
        }

        if (transition.Cause != TransitionCause.Checks)
        {
            sb.Append("  (").Append(transition.Cause).Append(')');
        }

        return sb.ToString();
    }

    public static string FlappingJson(string target, bool flapping, DateTimeOffset at) =>
        JsonSerializer.Serialize(new FlappingReport { Target = target, Flapping = flapping, At = CliFormat.Instant(at) },
            CliJsonContext.Default.FlappingReport);

    public static string FlappingText(string target, bool flapping, DateTimeOffset at) =>
        $"{CliFormat.Instant(at)}  {target}  {(flapping ? "is flapping" : "stopped flapping")}";

    public static string SummaryJson(SummaryReport summary) =>
        JsonSerializer.Serialize(summary, CliJsonContext.Default.SummaryReport);

    /// <summary>The result that crossed the threshold: the newest of the evidence.</summary>
    private static ProbeResult? Deciding(HealthTransition transition) =>
        transition.Evidence.Count > 0 ? transition.Evidence[^1] : null;
}
