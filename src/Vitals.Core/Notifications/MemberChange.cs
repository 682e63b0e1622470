using Vitals.Core.Health;
using Vitals.Core.Probing;

namespace Vitals.Core.Notifications;

/// <summary>
/// One transition of a member, as the notification planner is fed it: the engine's <see cref="HealthTransition"/> plus
/// where the member sits and the words for people.
/// </summary>
/// <param name="Member">The member.</param>
/// <param name="From">Its state before.</param>
/// <param name="To">Its state now.</param>
/// <param name="At">When the change happened (the transition's instant, not when it was noticed).</param>
/// <param name="Reason">The reason of the deciding check; <see cref="ReasonCode.None"/> for a recovery or a switch.</param>
/// <param name="CheckCode">The check code of the deciding check; null for a change not made by checks.</param>
/// <param name="Detail">Why, in words for people; null when there is nothing to explain (a recovery).</param>
/// <param name="Checks">The deciding checks, oldest first, at most <see cref="DecidingCheck.MaxCount"/>.</param>
public sealed record MemberChange(
    MemberRef Member,
    HealthState From,
    HealthState To,
    DateTimeOffset At,
    ReasonCode Reason,
    CheckCode? CheckCode,
    string? Detail,
    IReadOnlyList<DecidingCheck> Checks)
{
    /// <summary>A change from an engine transition; <paramref name="detail"/> is the caller's wording of it.</summary>
    public static MemberChange Of(MemberRef member, HealthTransition transition, string? detail)
    {
        ArgumentNullException.ThrowIfNull(transition);
        var checks = DecidingCheck.FromEvidence(transition.Evidence);
        CheckCode? checkCode = transition.Cause == TransitionCause.Checks && checks.Length > 0 ? checks[^1].CheckCode : null;
        return new MemberChange(member, transition.From, transition.To, transition.At, transition.Reason, checkCode, detail, checks);
    }
}
