using Vitals.Control.Health;
using Vitals.Control.Traffic.Haproxy;

namespace Vitals.Server.Metrics;

/// <summary>The <c>vitals_lb_sync_*</c> families: each HAProxy binding's runtime API sync (docs/metrics.md).</summary>
internal sealed partial class MetricsExporter
{
    private void WriteSync(PrometheusTextWriter writer, ProjectScope scope)
    {
        var reports = sync.Reports(scope);
        writer.Family("vitals_lb_sync_up"u8, "1 when the binding's last sync reached HAProxy and every command was accepted (0 on error, before the first).", "gauge"u8);
        foreach (var r in reports)
        {
            Sample(writer, "vitals_lb_sync_up{"u8, r, r.Status.State == "synced" ? 1 : 0);
        }

        writer.Family("vitals_lb_sync_confirmed"u8, "1 when HAProxy's show servers state last read back every member's rotation.", "gauge"u8);
        foreach (var r in reports)
        {
            Sample(writer, "vitals_lb_sync_confirmed{"u8, r, r.Status.Confirmed ? 1 : 0);
        }

        writer.Family("vitals_lb_sync_servers"u8, "HAProxy servers the binding keeps in step with a member.", "gauge"u8);
        foreach (var r in reports)
        {
            Sample(writer, "vitals_lb_sync_servers{"u8, r, r.Status.Servers);
        }

        writer.Family("vitals_lb_sync_mismatched_servers"u8, "Servers HAProxy showed in another state than their member's rotation at the last read-back.", "gauge"u8);
        foreach (var r in reports)
        {
            Sample(writer, "vitals_lb_sync_mismatched_servers{"u8, r, r.Status.Mismatched);
        }

        writer.Family("vitals_lb_sync_last_confirmed_timestamp_seconds"u8, "When HAProxy last confirmed every rotation (Unix time).", "gauge"u8);
        foreach (var r in reports)
        {
            if (r.Status.LastConfirmedAt is { } at)
            {
                Sample(writer, "vitals_lb_sync_last_confirmed_timestamp_seconds{"u8, r, at.ToUnixTimeMilliseconds() / 1000.0);
            }
        }

        writer.Family("vitals_lb_sync_lag_seconds"u8, "From a rotation change to HAProxy confirming it: median and 99th percentile of the recent ones, and all since start.", "summary"u8);
        foreach (var r in reports)
        {
            Quantile(writer, r, "0.5"u8, r.Status.LagP50Ms);
            Quantile(writer, r, "0.99"u8, r.Status.LagP99Ms);
            Sample(writer, "vitals_lb_sync_lag_seconds_sum{"u8, r, r.LagSumSeconds);
            Sample(writer, "vitals_lb_sync_lag_seconds_count{"u8, r, r.LagCount);
        }
    }

    private static void Labels(PrometheusTextWriter writer, HaproxySyncReport report)
    {
        writer.Label("project"u8, report.Binding.ProjectId, first: true);
        writer.Label("loadbalancer"u8, report.Binding.LoadBalancerId);
        writer.Label("binding"u8, report.Binding.Id);
    }

    private static void Sample(PrometheusTextWriter writer, ReadOnlySpan<byte> nameAndBrace, HaproxySyncReport report, double value)
    {
        writer.Raw(nameAndBrace);
        Labels(writer, report);
        writer.Raw("}"u8);
        writer.Value(value);
    }

    private static void Quantile(PrometheusTextWriter writer, HaproxySyncReport report, ReadOnlySpan<byte> quantile, double? milliseconds)
    {
        writer.Raw("vitals_lb_sync_lag_seconds{"u8);
        Labels(writer, report);
        writer.Raw(",quantile=\""u8);
        writer.Raw(quantile);
        writer.Raw("\"}"u8);
        writer.Value(milliseconds is { } ms ? ms / 1000 : double.NaN);
    }
}
