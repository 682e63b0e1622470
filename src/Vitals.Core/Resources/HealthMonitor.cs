using Vitals.Core.Monitoring;

namespace Vitals.Core.Resources;

/// <summary>The health monitor of one server group.</summary>
public sealed record HealthMonitor : Resource
{
    public required string PoolId { get; init; }

    public required HealthMonitorSpec Spec { get; init; }
}
