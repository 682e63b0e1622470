namespace Vitals.Core.Resources;

/// <summary>A server group (pool): members of one protocol, checked by at most one health monitor.</summary>
public sealed record ServerGroup : Resource
{
    public required string LoadBalancerId { get; init; }

    public required PoolProtocol Protocol { get; init; }

    public string LbAlgorithm { get; init; } = "ROUND_ROBIN";

    public bool AdminStateUp { get; init; } = true;

    /// <summary>
    /// The fail-open guardrail, 1-100, or null (off): when fewer members than this percentage would stay in rotation,
    /// the least-bad failing members are kept (see <c>Vitals.Core.Traffic.RotationRules.Decide</c>).
    /// </summary>
    public int? MinHealthyPercent { get; init; }
}
