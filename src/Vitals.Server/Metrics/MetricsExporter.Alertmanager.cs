namespace Vitals.Server.Metrics;

internal sealed partial class MetricsExporter
{
    /// <summary>The Alertmanager push's counters (<c>vitals_alertmanager_*</c>), only when <c>--alertmanager</c> is set.</summary>
    private void WriteAlertmanager(PrometheusTextWriter writer)
    {
        if (alertmanager is null)
        {
            return;
        }

        Single(writer, "vitals_alertmanager_alerts_sent_total"u8,
            "Alerts (firing and resolved) Alertmanager accepted since start, counted once per Alertmanager.", "counter"u8,
            alertmanager.AlertsSent);
        Single(writer, "vitals_alertmanager_errors_total"u8,
            "POSTs to Alertmanager that failed since start (refused, no answer in time, or an error status), each attempt counted.",
            "counter"u8, alertmanager.Errors);
    }
}
