using Vitals.Core.Monitoring;

namespace Vitals.Storage.Filters;

public sealed record HealthMonitorFilter : ResourceFilter
{
    public static HealthMonitorFilter All { get; } = new();

    public string? PoolId { get; init; }

    public HealthMonitorType? Type { get; init; }
}
