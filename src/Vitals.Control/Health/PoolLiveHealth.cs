using Vitals.Core.Resources;

namespace Vitals.Control.Health;

/// <summary>A pool's live health: counts per state and its first members that are not Healthy, in member id order.</summary>
/// <param name="Pool">The pool's record.</param>
/// <param name="Monitor">Its health monitor; null when it has none.</param>
/// <param name="HealthCheckEnabled">Its members are probed: it has a monitor that is switched on.</param>
/// <param name="Counts">Every member, per reported state (flapping marks are not counted for a pool).</param>
/// <param name="NonHealthy">The members not Healthy, at most the limit asked for.</param>
internal sealed record PoolLiveHealth(
    ServerGroup Pool,
    HealthMonitor? Monitor,
    bool HealthCheckEnabled,
    HealthCounts Counts,
    IReadOnlyList<MemberLiveHealth> NonHealthy);
