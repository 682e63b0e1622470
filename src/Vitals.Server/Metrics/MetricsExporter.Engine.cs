using Vitals.Core.Probing;

namespace Vitals.Server.Metrics;

internal sealed partial class MetricsExporter
{
    private static readonly ReasonCode[] FailureReasons = FailureReasonCodes();

    /// <summary>The engine's load, counters since start and start lateness (<c>vitals_engine_*</c>).</summary>
    private void WriteEngine(PrometheusTextWriter writer)
    {
        var status = health.GetEngineStatus();
        Single(writer, "vitals_engine_targets"u8, "Distinct checks scheduled (members sharing a check count once).", "gauge"u8, status.Targets);
        Single(writer, "vitals_engine_members"u8, "Members registered with the engine (those whose pool has a monitor).", "gauge"u8,
            status.Members);
        Single(writer, "vitals_engine_checks_in_flight"u8, "Checks running now.", "gauge"u8, status.InFlight);
        Single(writer, "vitals_engine_checks_total"u8, "Check results fed to members since start (passes and failures).", "counter"u8,
            status.Checks);

        writer.Family("vitals_engine_check_failures_total"u8, "Failed check results since start, per reason code.", "counter"u8);
        foreach (var reason in FailureReasons)
        {
            var wire = reason.ToWire()!;
            writer.Raw("vitals_engine_check_failures_total{"u8);
            writer.Label("reason_code"u8, wire, first: true);
            writer.Raw("}"u8);
            writer.Value(status.FailuresByReason.TryGetValue(wire, out var count) ? count : 0);
        }

        writer.Family("vitals_engine_checks_skipped_total"u8,
            "Checks not counted against their target because the checker was at fault, per cause: late (could not start in time), "
            + "checker_lag (a timeout while the checker itself stalled), prober_error (a fault in the prober).", "counter"u8);
        Skipped(writer, "late"u8, status.SkippedLate);
        Skipped(writer, "checker_lag"u8, status.SkippedUnderLag);
        Skipped(writer, "prober_error"u8, Math.Max(0, status.Skipped - status.SkippedLate - status.SkippedUnderLag));

        Single(writer, "vitals_engine_checks_abandoned_total"u8,
            "Checks abandoned by the watchdog since start (not completed by timeout + max(1 s, timeout)); each counts as a timeout.",
            "counter"u8, status.Abandoned);
        Single(writer, "vitals_engine_tick_lag_max_seconds"u8,
            "The scheduler tick's worst lateness over the recent window (10 to 20 s): a stalled process shows here.", "gauge"u8,
            status.TickLagMaxMs / 1000.0);

        var lag = health.GetStartLagDistribution();
        writer.Family("vitals_engine_check_start_lag_seconds"u8, "How late checks started against their due time, since start.",
            "histogram"u8);
        for (var i = 0; i < lag.UpperBoundsSeconds.Count; i++)
        {
            writer.Raw("vitals_engine_check_start_lag_seconds_bucket{le=\""u8);
            writer.Number(lag.UpperBoundsSeconds[i]);
            writer.Raw("\"}"u8);
            writer.Value(lag.CumulativeCounts[i]);
        }

        writer.Raw("vitals_engine_check_start_lag_seconds_bucket{le=\"+Inf\"}"u8);
        writer.Value(lag.Count);
        writer.Raw("vitals_engine_check_start_lag_seconds_sum"u8);
        writer.Value(lag.SumSeconds);
        writer.Raw("vitals_engine_check_start_lag_seconds_count"u8);
        writer.Value(lag.Count);
    }

    private static void Skipped(PrometheusTextWriter writer, ReadOnlySpan<byte> cause, long count)
    {
        writer.Raw("vitals_engine_checks_skipped_total{cause=\""u8);
        writer.Raw(cause);
        writer.Raw("\"}"u8);
        writer.Value(count);
    }

    /// <summary>A family of one unlabelled sample.</summary>
    internal static void Single(PrometheusTextWriter writer, ReadOnlySpan<byte> name, string help, ReadOnlySpan<byte> type, double value)
    {
        writer.Family(name, help, type);
        writer.Raw(name);
        writer.Value(value);
    }

    private static ReasonCode[] FailureReasonCodes()
    {
        var all = Enum.GetValues<ReasonCode>();
        var failures = new List<ReasonCode>(all.Length);
        foreach (var reason in all)
        {
            if (reason.ToWire() is not null)
            {
                failures.Add(reason);
            }
        }

        return [.. failures];
    }
}
