using Vitals.Control.Health;
using Vitals.Control.Notifications;

namespace Vitals.Server.Metrics;

/// <summary>
/// The <c>vitals_webhook_*</c> families: what this node's delivery worker did for each webhook since start (only the
/// node that delivers has samples; docs/metrics.md).
/// </summary>
internal sealed partial class MetricsExporter
{
    private void WriteWebhooks(PrometheusTextWriter writer, ProjectScope scope)
    {
        if (webhooks is null)
        {
            return;
        }

        var counters = webhooks.Counters(scope);
        writer.Family("vitals_webhook_deliveries_total"u8, "Webhook deliveries the receiver accepted since start.", "counter"u8);
        foreach (var c in counters)
        {
            Sample(writer, "vitals_webhook_deliveries_total{"u8, c, c.Delivered);
        }

        writer.Family("vitals_webhook_failed_attempts_total"u8, "Webhook delivery attempts that failed since start (each retry counted).", "counter"u8);
        foreach (var c in counters)
        {
            Sample(writer, "vitals_webhook_failed_attempts_total{"u8, c, c.Failed);
        }

        writer.Family("vitals_webhook_dead_total"u8, "Webhook deliveries given up after the retry bound since start.", "counter"u8);
        foreach (var c in counters)
        {
            Sample(writer, "vitals_webhook_dead_total{"u8, c, c.Dead);
        }

        writer.Family("vitals_webhook_failing"u8, "1 while the webhook's last delivery attempt failed (its deliveries wait for the retry).", "gauge"u8);
        foreach (var c in counters)
        {
            Sample(writer, "vitals_webhook_failing{"u8, c, c.Failing ? 1 : 0);
        }

        writer.Family("vitals_webhook_delivery_delay_seconds"u8, "From each delivered event to the receiver's acceptance (sum and count).",
            "summary"u8);
        foreach (var c in counters)
        {
            Sample(writer, "vitals_webhook_delivery_delay_seconds_sum{"u8, c, c.LatencySumSeconds);
            Sample(writer, "vitals_webhook_delivery_delay_seconds_count{"u8, c, c.Delivered);
        }
    }

    private static void Sample(PrometheusTextWriter writer, ReadOnlySpan<byte> nameAndBrace, WebhookCounters counters, double value)
    {
        writer.Raw(nameAndBrace);
        writer.Label("project"u8, counters.ProjectId, first: true);
        writer.Label("webhook"u8, counters.WebhookId);
        writer.Raw("}"u8);
        writer.Value(value);
    }
}
