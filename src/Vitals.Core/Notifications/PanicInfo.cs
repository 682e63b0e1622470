namespace Vitals.Core.Notifications;

/// <summary>A pool's panic as a <see cref="NotificationKind.PanicStarted"/> event carries it (see <c>Vitals.Core.Traffic.PoolPanic</c>).</summary>
/// <param name="MinHealthyPercent">The pool's threshold.</param>
/// <param name="Eligible">Members that count.</param>
/// <param name="Healthy">Eligible members that are Healthy.</param>
/// <param name="Required">Members that must stay in rotation.</param>
/// <param name="Kept">The ids of the failing members kept in rotation, best first.</param>
public sealed record PanicInfo(int MinHealthyPercent, int Eligible, int Healthy, int Required, IReadOnlyList<string> Kept);
