using System.Collections.Frozen;
using Vitals.Core.Resources;

namespace Vitals.Control.Fleet;

/// <summary>A member as sent; pool, address and port are fixed at creation.</summary>
public sealed record MemberInput : FleetInput, IFleetInput
{
    public string? Name { get; init; }

    public string? PoolId { get; init; }

    public string? Address { get; init; }

    public int? ProtocolPort { get; init; }

    public int? Weight { get; init; }

    public bool? AdminStateUp { get; init; }

    /// <summary>The instance it runs on; null detaches it.</summary>
    public string? InstanceId { get; init; }

    public static FrozenSet<string> NullableFields { get; } = FrozenSet.Create(StringComparer.Ordinal, "instance_id");

    public static string Kind => "member";
}
