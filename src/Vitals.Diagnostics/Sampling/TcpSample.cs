using Vitals.Probes.Failures;

namespace Vitals.Diagnostics.Sampling;

/// <summary>
/// One raw TCP connect: the outcome, the connect time in ms (null when it did not connect), and for a failure how the
/// health checks classify and word it (<see cref="ProbeFailures"/>), so that a diagnosis names it as a probe does.
/// </summary>
internal readonly record struct TcpSample(TcpOutcome Outcome, double? ConnectMs, ProbeFailure? Failure)
{
    /// <summary>The failure's wording, the same a probe gives; null when the connection worked.</summary>
    public string? Detail => Failure?.Detail;
}
