using System.Collections.Frozen;
using System.Text.Json.Serialization;
using Vitals.Core.Resources;

namespace Vitals.Control.Fleet;

/// <summary>A server group (pool) as sent; protocol and load balancer are fixed at creation.</summary>
public sealed record ServerGroupInput : FleetInput, IFleetInput
{
    public string? Name { get; init; }

    [JsonPropertyName("loadbalancer_id")]
    public string? LoadBalancerId { get; init; }

    /// <summary>On create: the listener (of the same load balancer, without a default pool yet) that will forward to it.</summary>
    public string? ListenerId { get; init; }

    public string? Protocol { get; init; }

    public string? LbAlgorithm { get; init; }

    public bool? AdminStateUp { get; init; }

    /// <summary>The fail-open guardrail, 1 to 100; null switches it off.</summary>
    public int? MinHealthyPercent { get; init; }

    public static FrozenSet<string> NullableFields { get; } = FrozenSet.Create(StringComparer.Ordinal, "listener_id", "min_healthy_percent");

    public static string Kind => "pool";
}
