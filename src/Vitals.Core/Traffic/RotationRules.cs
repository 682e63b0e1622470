using Vitals.Core.Health;
using Vitals.Core.Probing;

namespace Vitals.Core.Traffic;

/// <summary>
/// Turns verdicts into rotation, pure: one member at a time (<see cref="Of"/>), then the pool's fail-open guardrail
/// (<see cref="Decide"/>) when it has a <c>min_healthy_percent</c>.
/// </summary>
public static class RotationRules
{
    /// <summary>
    /// One member's rotation, in this order: switched off → Maint; weight 0 → Drain; refused by the target policy → Unknown
    /// (no verdict can exist); checks off → Ready (a load balancer without health checks sends traffic to every member,
    /// as the cloud load balancers do); Healthy → Ready; Unhealthy → Down; anything else (Initial) → Unknown.
    /// </summary>
    public static Rotation Of(in MemberFacts member)
    {
        if (!member.AdminStateUp)
        {
            return new Rotation(RotationState.Maint, 0, ReasonCode.None, KeptByPanic: false);
        }

        if (member.Weight <= 0 || member.State == HealthState.Unused)
        {
            return new Rotation(RotationState.Drain, 0, ReasonCode.None, KeptByPanic: false);
        }

        if (member.Denied)
        {
            return default;
        }

        if (member.ChecksOff || member.State == HealthState.Healthy)
        {
            return new Rotation(RotationState.Ready, member.Weight, ReasonCode.None, KeptByPanic: false);
        }

        return member.State == HealthState.Unhealthy
            ? new Rotation(RotationState.Down, 0, member.Reason, KeptByPanic: false)
            : default;
    }

    /// <summary>
    /// Every member's rotation into <paramref name="into"/> (same order as <paramref name="members"/>), with the
    /// fail-open guardrail: when fewer eligible members than <paramref name="minHealthyPercent"/> % are Healthy, the
    /// least-bad Unhealthy ones are kept Ready until that many are in rotation. Eligible: switched on, weight above 0,
    /// checked, with a verdict (Initial members count on neither side, so a fresh start is never a panic).
    /// </summary>
    /// <param name="members">The pool's members.</param>
    /// <param name="minHealthyPercent">The pool's threshold, 1-100; null or 0 switches the guardrail off.</param>
    /// <param name="keptBefore">The members the previous decision kept: they stay first in line, so the kept set does
    /// not change with every check while the panic lasts.</param>
    /// <param name="into">One rotation per member.</param>
    /// <returns>The panic, or null when the pool is not in one.</returns>
    /// <remarks>
    /// Least bad, in order: kept before; recovering (more consecutive passes); fewer consecutive failures; failed more
    /// recently (a member that was serving until a moment ago is likelier to serve than one down for an hour); id.
    /// </remarks>
    public static PoolPanic? Decide(ReadOnlySpan<MemberFacts> members, int? minHealthyPercent, IReadOnlyList<string>? keptBefore,
        Span<Rotation> into)
    {
        if (into.Length < members.Length)
        {
            throw new ArgumentException("one rotation per member", nameof(into));
        }

        var eligible = 0;
        var healthy = 0;
        for (var i = 0; i < members.Length; i++)
        {
            into[i] = Of(members[i]);
            if (IsEligible(members[i]))
            {
                eligible++;
                healthy += members[i].State == HealthState.Healthy ? 1 : 0;
            }
        }

        if (minHealthyPercent is not (> 0 and <= 100) || eligible == 0)
        {
            return null;
        }

        var percent = minHealthyPercent.Value;
        var required = ((eligible * percent) + 99) / 100;
        if (healthy >= required)
        {
            return null;
        }

        var candidates = new List<int>(eligible - healthy);
        for (var i = 0; i < members.Length; i++)
        {
            if (IsEligible(members[i]) && members[i].State == HealthState.Unhealthy)
            {
                candidates.Add(i);
            }
        }

        var facts = members.ToArray();
        var sticky = keptBefore is { Count: > 0 } ? new HashSet<string>(keptBefore, StringComparer.Ordinal) : null;
        candidates.Sort((a, b) => LeastBadFirst(facts[a], facts[b], sticky));
        var kept = new string[required - healthy];
        for (var k = 0; k < kept.Length; k++)
        {
            var index = candidates[k];
            kept[k] = facts[index].MemberId;
            into[index] = new Rotation(RotationState.Ready, facts[index].Weight, facts[index].Reason, KeptByPanic: true);
        }

        return new PoolPanic(percent, eligible, healthy, required, kept);
    }

    private static bool IsEligible(in MemberFacts member) =>
        member.AdminStateUp && member.Weight > 0 && !member.Denied && !member.ChecksOff
        && member.State is HealthState.Healthy or HealthState.Unhealthy;

    private static int LeastBadFirst(in MemberFacts a, in MemberFacts b, HashSet<string>? sticky)
    {
        if (sticky is not null)
        {
            var keptA = sticky.Contains(a.MemberId);
            if (keptA != sticky.Contains(b.MemberId))
            {
                return keptA ? -1 : 1;
            }
        }

        var order = b.ConsecutivePasses.CompareTo(a.ConsecutivePasses);
        if (order == 0)
        {
            order = a.ConsecutiveFailures.CompareTo(b.ConsecutiveFailures);
        }

        if (order == 0)
        {
            order = b.Since.CompareTo(a.Since);
        }

        return order != 0 ? order : string.CompareOrdinal(a.MemberId, b.MemberId);
    }
}
