using System.Collections.Frozen;
using System.Text.Json.Serialization;
using Vitals.Core.Resources;

namespace Vitals.Control.Fleet;

/// <summary>A listener as sent; protocol, port and load balancer are fixed at creation.</summary>
public sealed record ListenerInput : FleetInput, IFleetInput
{
    public string? Name { get; init; }

    [JsonPropertyName("loadbalancer_id")]
    public string? LoadBalancerId { get; init; }

    public string? Protocol { get; init; }

    public int? ProtocolPort { get; init; }

    /// <summary>The server group it forwards to; null detaches it.</summary>
    public string? DefaultPoolId { get; init; }

    public bool? AdminStateUp { get; init; }

    public static FrozenSet<string> NullableFields { get; } = FrozenSet.Create(StringComparer.Ordinal, "default_pool_id");

    public static string Kind => "listener";
}
