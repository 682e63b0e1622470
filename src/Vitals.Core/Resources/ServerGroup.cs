namespace Vitals.Core.Resources;

/// <summary>A server group (pool): members of one protocol, checked by at most one health monitor.</summary>
public sealed record ServerGroup : Resource
{
    public required string LoadBalancerId { get; init; }

    public required PoolProtocol Protocol { get; init; }

    public string LbAlgorithm { get; init; } = "ROUND_ROBIN";

    public bool AdminStateUp { get; init; } = true;

    /// <summary>
    /// The fail-open guardrail: when fewer than this percentage of the members would stay in rotation, the pool panics
    /// and keeps the least-bad ones in rotation (docs/load-balancers.md). 1 to 100; null: off.
    /// </summary>
    public int? MinHealthyPercent { get; init; }
}
