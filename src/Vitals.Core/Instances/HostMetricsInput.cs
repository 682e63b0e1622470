namespace Vitals.Core.Instances;

/// <summary>The instance's node_exporter: how often it is scraped, the last good sample and why the last scrape failed.</summary>
/// <param name="ScrapeInterval">How often it is scraped (staleness is measured in scrapes).</param>
/// <param name="Last">The last good sample; null: none yet.</param>
/// <param name="Failing">
/// Why the most recent scrape produced no sample although the exporter could be asked (an HTTP error status, a body
/// that cannot be read, an address the target policy refuses); null when it succeeded, has not run, or could not
/// reach the exporter at all (that is the reachability check's business).
/// </param>
public sealed record HostMetricsInput(TimeSpan ScrapeInterval, HostMetrics? Last, string? Failing = null)
{
    /// <summary>The source is configured, has never given a sample, and its last answer was an error: no data is coming.</summary>
    public bool FailsWithoutData => Last is null && Failing is not null;
}
