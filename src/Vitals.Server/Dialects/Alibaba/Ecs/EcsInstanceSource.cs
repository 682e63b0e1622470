using Vitals.Control.Fleet;
using Vitals.Control.Instances;
using Vitals.Core.Resources;
using Vitals.Storage.Filters;

namespace Vitals.Server.Dialects.Alibaba.Ecs;

/// <summary>
/// The instances an ECS call sees: those of the caller's project in the requested region (store order, i.e. numeric
/// id), optionally only some ids. An id of another project is simply absent, exactly like an unknown one.
/// </summary>
internal sealed class EcsInstanceSource(FleetService fleet, InstanceHealthService health)
{
    /// <summary>Instances one call reads at most; an ECS region holds far fewer.</summary>
    public const int MaxInstances = 100_000;

    public InstanceHealthService Health => health;

    public Task<IReadOnlyList<Instance>> ListAsync(string projectId, string region, IReadOnlyList<string>? ids,
        CancellationToken cancellationToken)
    {
        var filter = InstanceFilter.All with { Region = region, Ids = ids is { Count: > 0 } ? ids : null };
        return fleet.ListAllInstancesAsync(projectId, filter, MaxInstances, cancellationToken);
    }

    /// <summary>ECS writes instants to the second, in UTC with a Z.</summary>
    public static string Time(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
