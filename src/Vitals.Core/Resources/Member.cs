namespace Vitals.Core.Resources;

/// <summary>A backend server of a server group.</summary>
public sealed record Member : Resource
{
    public required string PoolId { get; init; }

    /// <summary>IPv4 or IPv6 literal.</summary>
    public required string Address { get; init; }

    public required int ProtocolPort { get; init; }

    /// <summary>0-100; 0 takes no traffic (Unused).</summary>
    public int Weight { get; init; } = 1;

    public bool AdminStateUp { get; init; } = true;

    /// <summary>The instance (machine) this member runs on, if known.</summary>
    public string? InstanceId { get; init; }
}
