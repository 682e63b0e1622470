using System.Text.Json.Serialization;
using Vitals.Core.Resources;

namespace Vitals.Server.Api;

/// <summary>A listener as the API shows it.</summary>
public sealed record ListenerDto(string Id, long NumericId, string ProjectId, string Name,
    [property: JsonPropertyName("loadbalancer_id")] string LoadBalancerId, string Protocol, int ProtocolPort, string? DefaultPoolId,
    bool AdminStateUp, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : IResourceDto
{
    public static ListenerDto From(Listener l)
    {
        ArgumentNullException.ThrowIfNull(l);
        return new(l.Id, l.NumericId, l.ProjectId, l.Name, l.LoadBalancerId, l.Protocol.ToWire(), l.ProtocolPort, l.DefaultPoolId,
            l.AdminStateUp, l.CreatedAt, l.UpdatedAt);
    }
}

/// <summary>A page of listeners.</summary>
public sealed record ListenerListDto(IReadOnlyList<ListenerDto> Listeners, string? NextMarker, int TotalCount);
