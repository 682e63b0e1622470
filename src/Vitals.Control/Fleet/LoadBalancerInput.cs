using System.Collections.Frozen;
using Vitals.Core.Resources;

namespace Vitals.Control.Fleet;

/// <summary>A load balancer as sent: <c>name</c>, <c>description</c>, <c>region</c>.</summary>
public sealed record LoadBalancerInput : FleetInput, IFleetInput
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public string? Region { get; init; }

    public static FrozenSet<string> NullableFields { get; } = FrozenSet<string>.Empty;

    public static string Kind => "load balancer";
}
