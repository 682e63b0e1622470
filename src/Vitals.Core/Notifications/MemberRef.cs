namespace Vitals.Core.Notifications;

/// <summary>A member as a notification names it: its pool's place, its id, name and address.</summary>
/// <param name="Pool">Its pool, load balancer, listener and project.</param>
/// <param name="MemberId">The member.</param>
/// <param name="MemberName">Its name ("" when it has none).</param>
/// <param name="Address">Its IP address.</param>
/// <param name="Port">Its protocol port.</param>
public sealed record MemberRef(PoolRef Pool, string MemberId, string MemberName, string Address, int Port);
