using Vitals.Core.Probing;

namespace Vitals.Core.Health;

/// <summary>
/// One change of a member's state, with what caused it: for <see cref="TransitionCause.Checks"/>, the reason of the
/// deciding result and the results that crossed the threshold (oldest first), so "why did it flip" has an answer.
/// </summary>
public sealed record HealthTransition(
    HealthState From,
    HealthState To,
    DateTimeOffset At,
    TransitionCause Cause,
    ReasonCode Reason,
    IReadOnlyList<ProbeResult> Evidence);
