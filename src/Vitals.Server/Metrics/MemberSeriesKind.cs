namespace Vitals.Server.Metrics;

/// <summary>The per-member metric families, in the order a scrape writes them.</summary>
internal enum MemberSeriesKind
{
    Info,
    Up,
    State,
    StateSince,
    Flapping,
    LastSuccess,
    LastDuration,
    LastTimestamp,
    LastFailure,
}
