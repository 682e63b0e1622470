using System.Text.Json.Nodes;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Diagnostics.Sampling;

namespace Vitals.Diagnostics.Checks;

/// <summary>
/// D10 and D11: answers that pass but come close to the timeout (SLOW_RESPONSE), latency rising through the member's
/// history (LATENCY_RISING), and a dynamic page doing real work on every probe (DYNAMIC_CHECK_PAGE).
/// Thresholds are project decisions, documented in docs/diagnose.md.
/// </summary>
internal sealed class LatencyCheck : IDiagnosticCheck
{
    /// <summary>p50 at or above this share of the timeout is slow.</summary>
    public const double SlowP50Share = 0.5;

    /// <summary>p95 at or above this share of the timeout is slow.</summary>
    public const double SlowP95Share = 0.8;

    private const int MinHistory = 4;

    private static readonly string[] DynamicExtensions = [".php", ".jsp", ".asp", ".aspx", ".py", ".cgi", ".pl", ".do"];

    public Task RunAsync(DiagnosisContext context)
    {
        var timeoutMs = context.Spec.Timeout * 1000.0;
        var live = Totals(context.CheckResults, success: true);
        var history = context.Request.History;
        var historyTotals = Totals(history, success: true);
        var historyTimeouts = Count(history, ReasonCode.RecvResponseTimeout);
        var (earlier, recent) = Halves(historyTotals);

        var p50 = Stats.Percentile(live, 50);
        var p95 = Stats.Percentile(live, 95);
        var historyP95 = Stats.Percentile(recent, 95);
        var slowLive = p50 >= SlowP50Share * timeoutMs || p95 >= SlowP95Share * timeoutMs;
        var slowHistory = historyP95 >= SlowP95Share * timeoutMs || (historyTimeouts > 0 && historyTotals.Count > 0);
        var trend = Trend(earlier, recent);

        var evidence = new JsonObject
        {
            ["timeout_ms"] = timeoutMs,
            ["samples"] = live.Count,
            ["p50_ms"] = Round(p50),
            ["p95_ms"] = Round(p95),
            ["connect_p50_ms"] = Round(Stats.Percentile(Connects(context.CheckResults), 50)),
            ["history_results"] = history.Count,
            ["history_timeouts"] = historyTimeouts,
            ["history_earlier_mean_ms"] = Round(Stats.Mean(earlier)),
            ["history_recent_mean_ms"] = Round(Stats.Mean(recent)),
            ["history_recent_p95_ms"] = Round(historyP95),
            ["trend"] = trend,
        };

        if (slowLive || slowHistory)
        {
            var worst = Math.Max(p95 ?? 0, historyP95 ?? 0);
            context.Add(new Finding
            {
                Cause = Causes.SlowResponse,
                Verdict = FindingVerdict.Problem,
                Check = $"answer times of {live.Count} live check(s) and {history.Count} recent result(s) against the {context.Spec.Timeout} s timeout",
                Evidence = evidence,
                Advice = $"Health-check answers take {Math.Round(worst)} ms against a {context.Spec.Timeout} s limit"
                    + (historyTimeouts > 0 ? $", and {historyTimeouts} recent check(s) timed out" : "")
                    + ". The backend looks heavily loaded; reduce the load or add capacity, make the health-check page cheaper, or "
                    + "raise the timeout (keeping it below the interval).",
            });
        }
        else if (trend == "rising" && Stats.Mean(recent) >= 0.2 * timeoutMs)
        {
            context.Add(new Finding
            {
                Cause = Causes.LatencyRising,
                Verdict = FindingVerdict.Problem,
                Check = $"answer times in {history.Count} recent result(s)",
                Evidence = evidence,
                Advice = $"Answer times are rising (from about {Math.Round(Stats.Mean(earlier) ?? 0)} ms to "
                    + $"{Math.Round(Stats.Mean(recent) ?? 0)} ms, against a {context.Spec.Timeout} s timeout): the backend is "
                    + "getting loaded. Check CPU, memory and worker pools before the checks start timing out.",
            });
        }

        AddDynamicPage(context, p50);
        return Task.CompletedTask;
    }

    private static void AddDynamicPage(DiagnosisContext context, double? p50)
    {
        var spec = context.Spec;
        if (!spec.Type.IsHttp() || p50 is not { } ttfb)
        {
            return;
        }

        var path = spec.UrlPath;
        var query = path.IndexOfAny(['?', '#']);
        var bare = query < 0 ? path : path[..query];
        var dynamic = Array.Exists(DynamicExtensions, e => bare.EndsWith(e, StringComparison.OrdinalIgnoreCase));
        var connect = Stats.Percentile(Connects(context.CheckResults), 50) ?? 0;
        if (!dynamic || ttfb <= 100 || ttfb <= 5 * connect)
        {
            return;
        }

        context.Add(new Finding
        {
            Cause = Causes.DynamicCheckPage,
            Verdict = FindingVerdict.Problem,
            Check = $"the check path {path} and its answer time",
            Evidence = new JsonObject { ["path"] = path, ["p50_ms"] = Round(ttfb), ["connect_p50_ms"] = Round(connect) },
            Advice = $"The health check requests a dynamic page ({path}) that does real work on every probe ({Math.Round(ttfb)} ms). "
                + "Use a small static HTML file (or a trivial endpoint that only reports liveness) so checks stay fast and do not add load.",
        });
    }

    private static string Trend(List<double> earlier, List<double> recent)
    {
        if (earlier.Count + recent.Count < MinHistory || Stats.Mean(earlier) is not { } before || Stats.Mean(recent) is not { } after)
        {
            return "unknown";
        }

        return after >= 2 * before && after - before >= 5 ? "rising" : after * 2 <= before ? "falling" : "steady";
    }

    private static (List<double> Earlier, List<double> Recent) Halves(List<double> values)
    {
        var half = values.Count / 2;
        return (values.GetRange(0, half), values.GetRange(half, values.Count - half));
    }

    private static List<double> Totals(IReadOnlyList<ProbeResult> results, bool success)
    {
        var totals = new List<double>(results.Count);
        foreach (var result in results)
        {
            if (result.IsSuccess == success && result.Timings.TotalMs is { } ms)
            {
                totals.Add(ms);
            }
        }

        return totals;
    }

    private static List<double> Connects(List<ProbeResult> results)
    {
        var connects = new List<double>(results.Count);
        foreach (var result in results)
        {
            if (result.IsSuccess && result.Timings.ConnectMs is { } ms)
            {
                connects.Add(ms);
            }
        }

        return connects;
    }

    private static int Count(IEnumerable<ProbeResult> results, ReasonCode reason)
    {
        var count = 0;
        foreach (var result in results)
        {
            count += result.Reason == reason ? 1 : 0;
        }

        return count;
    }

    private static double? Round(double? ms) => ms is { } value ? Stats.Round(value) : null;
}
