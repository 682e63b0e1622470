namespace Vitals.Core.Notifications;

/// <summary>
/// Where a pool sits, with ids and names, as a notification names it. Made once per pool by the caller and shared by
/// every event of its members (a reference, not a copy per event).
/// </summary>
/// <param name="ProjectId">The project.</param>
/// <param name="ProjectName">Its name ("" when it has none).</param>
/// <param name="LoadBalancerId">The pool's load balancer.</param>
/// <param name="LoadBalancerName">Its name.</param>
/// <param name="ListenerId">The listener whose default pool this is; null when none points at it.</param>
/// <param name="ListenerName">Its name; null with <paramref name="ListenerId"/>.</param>
/// <param name="PoolId">The pool (server group).</param>
/// <param name="PoolName">Its name.</param>
public sealed record PoolRef(
    string ProjectId,
    string ProjectName,
    string LoadBalancerId,
    string LoadBalancerName,
    string? ListenerId,
    string? ListenerName,
    string PoolId,
    string PoolName);
