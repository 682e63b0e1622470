namespace Vitals.Control.Health;

/// <summary>
/// A project's members at a glance (every project's in the <see cref="ProjectScope.All"/> scope): counts per state, and
/// the first members that are not Healthy: Unhealthy, then Initial, Unavailable, Unused, each newest first.
/// </summary>
internal sealed record ProjectLiveHealth(HealthCounts Counts, IReadOnlyList<MemberLiveHealth> NonHealthy);
