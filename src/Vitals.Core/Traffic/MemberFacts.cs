using Vitals.Core.Health;
using Vitals.Core.Probing;

namespace Vitals.Core.Traffic;

/// <summary>What <see cref="RotationRules"/> needs to know about one member of a pool.</summary>
/// <param name="MemberId">The member.</param>
/// <param name="State">Its reported health state.</param>
/// <param name="AdminStateUp">The member and its pool are switched on.</param>
/// <param name="Weight">0-100; 0 takes no traffic.</param>
/// <param name="ChecksOff">The pool has no health monitor, or it is switched off: no verdict, and none expected.</param>
/// <param name="Denied">The target policy keeps the member from being checked: no verdict can exist.</param>
/// <param name="Since">When <paramref name="State"/> began.</param>
/// <param name="ConsecutivePasses">The current run of passing checks (a failing member that is recovering has some).</param>
/// <param name="ConsecutiveFailures">The current run of failing checks.</param>
/// <param name="Reason">The reason of its last failed check, if any.</param>
public readonly record struct MemberFacts(
    string MemberId,
    HealthState State,
    bool AdminStateUp,
    int Weight,
    bool ChecksOff,
    bool Denied,
    DateTimeOffset Since,
    int ConsecutivePasses,
    int ConsecutiveFailures,
    ReasonCode Reason);
