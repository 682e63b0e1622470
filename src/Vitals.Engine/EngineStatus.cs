namespace Vitals.Engine;

/// <summary>The engine's own health: load, counters since start, and how late checks start.</summary>
/// <param name="Targets">Distinct checks scheduled (members sharing a check count once).</param>
/// <param name="Members">Members registered.</param>
/// <param name="InFlight">Checks running now.</param>
/// <param name="Checks">Check results fed to members since start (passes + failures).</param>
/// <param name="Passes">Results that passed.</param>
/// <param name="Failures">Results that failed.</param>
/// <param name="Skipped">
/// Checks not counted against their target because the checker was at fault: started too late (overload), or a
/// timeout while the checker itself stalled.
/// </param>
/// <param name="LagP50Ms">Median lateness of check starts against their due time, over the recent window.</param>
/// <param name="LagP99Ms">99th percentile of that lateness.</param>
/// <param name="LagMaxMs">Largest lateness in the window.</param>
/// <param name="FailuresByReason">Failures since start per reason code (wire name).</param>
public sealed record EngineStatus(
    int Targets,
    int Members,
    int InFlight,
    long Checks,
    long Passes,
    long Failures,
    long Skipped,
    double LagP50Ms,
    double LagP99Ms,
    double LagMaxMs,
    IReadOnlyDictionary<string, long> FailuresByReason)
{
    /// <summary>Skipped because the check could not start within the skip threshold.</summary>
    public long SkippedLate { get; init; }

    /// <summary>Timeout results discarded because the checker's own tick lag exceeded half the check timeout.</summary>
    public long SkippedUnderLag { get; init; }

    /// <summary>The scheduler tick's own worst lateness over the recent window (a stalled process shows here).</summary>
    public double TickLagMaxMs { get; init; }

    /// <summary>
    /// Checks abandoned by the watchdog since start: their probe had not completed by timeout + max(1 s, timeout).
    /// Each was recorded as a timeout (so it is also in <see cref="Checks"/> and <see cref="Failures"/>, unless
    /// discarded under checker lag) and its slot freed; a result arriving later is ignored.
    /// </summary>
    public long Abandoned { get; init; }
}
