using Vitals.Core.Resources;

namespace Vitals.Control.Fleet;

/// <summary>A server group with what attaches to it: the listener forwarding to it and its health monitor.</summary>
public sealed record ServerGroupView(ServerGroup Pool, string? ListenerId, string? HealthMonitorId);
