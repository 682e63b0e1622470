using Vitals.Core.Probing;

namespace Vitals.Core.Health;

/// <summary>
/// The rise/fall rule, pure: <c>rise</c> consecutive passes make a member Healthy, <c>fall</c> consecutive failures
/// make it Unhealthy, and the first verdict out of Initial follows the same counts.
/// </summary>
public static class HealthTracker
{
    /// <summary>The state after <paramref name="outcome"/>; <c>Changed</c> says whether the verdict moved.</summary>
    public static (TrackerState State, bool Changed) Apply(TrackerState state, ProbeOutcome outcome, HealthThresholds thresholds)
    {
        if (outcome == ProbeOutcome.Success)
        {
            var passes = Saturate(state.Passes);
            if (state.State != HealthState.Healthy && passes >= thresholds.Rise)
            {
                return (new TrackerState(HealthState.Healthy, passes, 0), true);
            }

            return (state with { Passes = passes, Failures = 0 }, false);
        }

        var failures = Saturate(state.Failures);
        if (state.State != HealthState.Unhealthy && failures >= thresholds.Fall)
        {
            return (new TrackerState(HealthState.Unhealthy, 0, failures), true);
        }

        return (state with { Passes = 0, Failures = failures }, false);
    }

    // Counts stop growing far above any threshold, so a member that passes for years never overflows.
    private static int Saturate(int count) => count >= 1_000_000 ? count : count + 1;
}
