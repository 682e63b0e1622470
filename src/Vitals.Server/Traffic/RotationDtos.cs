using Vitals.Core.Traffic;

namespace Vitals.Server.Traffic;

/// <summary><c>GET /api/v1/rotation</c>: what load balancers should do with every member of the pools asked for.</summary>
public sealed record RotationDto(IReadOnlyList<PoolRotationDto> Pools);

/// <summary>One pool's rotation.</summary>
/// <param name="PoolId">The pool.</param>
/// <param name="PoolName">Its name.</param>
/// <param name="LoadbalancerId">Its load balancer.</param>
/// <param name="LbAlgorithm">Its algorithm (an exporter needs it: hashing by source address takes no weights).</param>
/// <param name="MinHealthyPercent">The fail-open threshold, or null when off.</param>
/// <param name="MembersTotal">Members of the pool.</param>
/// <param name="InRotation">Members taking traffic (kept by a panic included).</param>
/// <param name="Panic">The panic, or null.</param>
/// <param name="DecidedAt">When this rotation was decided (the last change in the pool).</param>
/// <param name="Members">Every member, by id.</param>
public sealed record PoolRotationDto(
    string PoolId,
    string PoolName,
    string LoadbalancerId,
    string LbAlgorithm,
    int? MinHealthyPercent,
    int MembersTotal,
    int InRotation,
    PanicDto? Panic,
    DateTimeOffset DecidedAt,
    IReadOnlyList<MemberRotationDto> Members);

/// <summary>A pool in panic: too few members healthy, so the least-bad failing ones stay in rotation.</summary>
public sealed record PanicDto(string Reason, int MinHealthyPercent, int Eligible, int Healthy, int Required, IReadOnlyList<string> Kept)
{
    public static PanicDto? Of(PoolPanic? panic) =>
        panic is { } p ? new PanicDto(p.Reason, p.MinHealthyPercent, p.Eligible, p.Healthy, p.Required, p.Kept) : null;
}

/// <summary>One member's rotation.</summary>
/// <param name="MemberId">The member.</param>
/// <param name="Name">Its name.</param>
/// <param name="Address">Its address.</param>
/// <param name="ProtocolPort">Its port.</param>
/// <param name="Weight">Its weight.</param>
/// <param name="Rotation"><c>ready</c>, <c>down</c>, <c>drain</c>, <c>maint</c>, or <c>unknown</c> (no verdict: leave the load balancer as it is).</param>
/// <param name="KeptByPanic">Ready only because its pool is in panic.</param>
/// <param name="ReasonCode">Why it is down (or failing while kept), e.g. <c>HTTP_CODE_NOT_MATCH</c>.</param>
/// <param name="Detail">The deciding check's detail.</param>
/// <param name="AgentLine">The line the agent check answers for it, without the newline.</param>
public sealed record MemberRotationDto(
    string MemberId,
    string Name,
    string Address,
    int ProtocolPort,
    int Weight,
    string Rotation,
    bool KeptByPanic,
    string? ReasonCode,
    string? Detail,
    string AgentLine);
