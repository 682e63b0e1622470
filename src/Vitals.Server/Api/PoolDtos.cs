using System.Text.Json.Serialization;
using Vitals.Control.Fleet;

namespace Vitals.Server.Api;

/// <summary>A server group (pool) as the API shows it, with its listener and health monitor ids (or null).</summary>
public sealed record PoolDto(string Id, long NumericId, string ProjectId, string Name,
    [property: JsonPropertyName("loadbalancer_id")] string LoadBalancerId, string? ListenerId, string Protocol, string LbAlgorithm,
    bool AdminStateUp, int? MinHealthyPercent, [property: JsonPropertyName("healthmonitor_id")] string? HealthMonitorId,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : IResourceDto
{
    public static PoolDto From(ServerGroupView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var p = view.Pool;
        return new(p.Id, p.NumericId, p.ProjectId, p.Name, p.LoadBalancerId, view.ListenerId, Core.Resources.ProtocolNames.ToWire(p.Protocol),
            p.LbAlgorithm, p.AdminStateUp, p.MinHealthyPercent, view.HealthMonitorId, p.CreatedAt, p.UpdatedAt);
    }
}

/// <summary>A page of pools.</summary>
public sealed record PoolListDto(IReadOnlyList<PoolDto> Pools, string? NextMarker, int TotalCount);
