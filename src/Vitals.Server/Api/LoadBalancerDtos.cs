using System.Text.Json.Serialization;
using Vitals.Core.Resources;

namespace Vitals.Server.Api;

/// <summary>A load balancer as the API shows it.</summary>
public sealed record LoadBalancerDto(string Id, long NumericId, string ProjectId, string Name, string Description, string Region,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : IResourceDto
{
    public static LoadBalancerDto From(LoadBalancer lb)
    {
        ArgumentNullException.ThrowIfNull(lb);
        return new(lb.Id, lb.NumericId, lb.ProjectId, lb.Name, lb.Description, lb.Region, lb.CreatedAt, lb.UpdatedAt);
    }
}

/// <summary>A page of load balancers.</summary>
public sealed record LoadBalancerListDto(
    [property: JsonPropertyName("loadbalancers")] IReadOnlyList<LoadBalancerDto> LoadBalancers, string? NextMarker, int TotalCount);
