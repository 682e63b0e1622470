namespace Vitals.Core.Instances;

/// <summary>The instance's node_exporter: how often it is scraped and the last good sample (null: none yet).</summary>
public sealed record HostMetricsInput(TimeSpan ScrapeInterval, HostMetrics? Last);
