namespace Vitals.Engine;

/// <summary>
/// How late check starts were since the engine started, as cumulative counts at fixed edges: the shape of a Prometheus
/// histogram (<c>le</c> buckets, <c>_count</c>, <c>_sum</c>).
/// </summary>
/// <param name="UpperBoundsSeconds">Bucket edges in seconds, ascending: powers of two from 64 µs to about 67 s.</param>
/// <param name="CumulativeCounts">Starts later than nothing and below each edge (same length as the edges).</param>
/// <param name="Count">Every start recorded (the <c>+Inf</c> bucket).</param>
/// <param name="SumSeconds">The sum of the lateness of every start.</param>
public sealed record LagDistribution(
    IReadOnlyList<double> UpperBoundsSeconds,
    IReadOnlyList<long> CumulativeCounts,
    long Count,
    double SumSeconds);
