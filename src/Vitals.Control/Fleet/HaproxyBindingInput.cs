using System.Collections.Frozen;
using System.Text.Json.Serialization;
using Vitals.Core.Resources;

namespace Vitals.Control.Fleet;

/// <summary>An HAProxy binding as sent; its load balancer is fixed at creation.</summary>
public sealed record HaproxyBindingInput : FleetInput, IFleetInput
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    [JsonPropertyName("loadbalancer_id")]
    public string? LoadBalancerId { get; init; }

    public string? RuntimeApi { get; init; }

    /// <summary>Pool id → HAProxy backend name; replaces every entry when sent.</summary>
    public IReadOnlyDictionary<string, string>? Backends { get; init; }

    public bool? ManageServers { get; init; }

    public bool? AdminStateUp { get; init; }

    public static FrozenSet<string> NullableFields { get; } = FrozenSet<string>.Empty;

    public static string Kind => "HAProxy binding";
}
