using Vitals.Core.Health;
using Vitals.Core.Probing;

namespace Vitals.Core.Notifications;

/// <summary>
/// One member in a <see cref="NotificationKind.PoolGrouped"/> event: its changes within the window folded into one, from
/// the state before the first to the state after the last.
/// </summary>
/// <param name="Member">The member.</param>
/// <param name="From">Its state before its first change in the window.</param>
/// <param name="To">Its state after its last change in the window (equal to <paramref name="From"/> when it went and came back).</param>
/// <param name="Reason">The reason of its last failing change in the window; <see cref="ReasonCode.None"/> when none failed.</param>
/// <param name="At">Its last change in the window.</param>
/// <param name="Changes">How many changes were folded (1 or more).</param>
public readonly record struct GroupedChange(MemberRef Member, HealthState From, HealthState To, ReasonCode Reason, DateTimeOffset At, int Changes);
