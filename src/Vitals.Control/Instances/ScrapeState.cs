using Vitals.Core.Instances;

namespace Vitals.Control.Instances;

/// <summary>The node_exporter scrape history of one instance that the health rule needs.</summary>
/// <param name="LastSample">The last successful sample (a failed scrape keeps it, so it goes stale).</param>
/// <param name="LastAttemptAt">When the last scrape finished, successful or not.</param>
/// <param name="LastFailure">Why the last scrape failed; None when it succeeded.</param>
/// <param name="LastDetail">The failure detail, if any.</param>
/// <param name="UnreachableRun">Consecutive scrapes that could not reach the exporter (connect failure or timeout).</param>
/// <param name="LastReachedAt">When a scrape last got an HTTP answer from the exporter, whatever its content.</param>
internal sealed record ScrapeState(HostMetrics? LastSample, DateTimeOffset? LastAttemptAt, NodeExporterScrapeFailure LastFailure,
    string? LastDetail, int UnreachableRun, DateTimeOffset? LastReachedAt)
{
    public static ScrapeState None { get; } = new(null, null, NodeExporterScrapeFailure.None, null, 0, null);

    /// <summary>
    /// Why the last scrape gave no sample although the exporter could be asked (HTTP status, too large, unparsable,
    /// refused by the target policy); null after a success, before the first scrape, or when it could not be reached.
    /// </summary>
    public string? AnsweredWithoutSample => LastFailure is NodeExporterScrapeFailure.HttpStatus or NodeExporterScrapeFailure.TooLarge
        or NodeExporterScrapeFailure.Unparsable or NodeExporterScrapeFailure.Denied
        ? $"{LastFailure} ({LastDetail})"
        : null;

    public ScrapeState After(NodeExporterScrapeResult result, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(result);
        var unreachable = result.Failure is NodeExporterScrapeFailure.ConnectFailed or NodeExporterScrapeFailure.Timeout;
        return new ScrapeState(result.Metrics ?? LastSample, at, result.Failure, result.Detail, unreachable ? UnreachableRun + 1 : 0,
            unreachable ? LastReachedAt : at);
    }
}
