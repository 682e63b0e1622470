using Vitals.Core.Instances;

namespace Vitals.Control.Instances;

/// <summary>A scrape's outcome: the host metrics, or why there are none. Never an exception for a misbehaving exporter.</summary>
internal sealed record NodeExporterScrapeResult(NodeExporterScrapeFailure Failure, HostMetrics? Metrics, string? Detail, TimeSpan Duration)
{
    public bool Succeeded => Failure == NodeExporterScrapeFailure.None;

    /// <summary>Lines the parser skipped (empty unless the exporter sent something odd).</summary>
    public IReadOnlyList<string> ParseErrors { get; init; } = [];
}
