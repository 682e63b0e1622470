namespace Vitals.Core.Resources;

/// <summary>A server group (pool): members of one protocol, checked by at most one health monitor.</summary>
public sealed record ServerGroup : Resource
{
    public required string LoadBalancerId { get; init; }

    public required PoolProtocol Protocol { get; init; }

    public string LbAlgorithm { get; init; } = "ROUND_ROBIN";

    public bool AdminStateUp { get; init; } = true;
}
