using Vitals.Server.Traffic;

namespace Vitals.Server.Health;

// The live-status answers of /api/v1 (snake_case on the wire). Dialects map from these.

/// <summary>Phase timings of a check in milliseconds; null where the phase was not reached.</summary>
internal sealed record TimingsDto(double? Connect, double? Tls, double? FirstByte, double? Total);

/// <summary><c>GET /api/v1/members/{id}/health</c>.</summary>
internal sealed record MemberHealthDto(
    string MemberId,
    string PoolId,
    string State,
    string? ReasonCode,
    string? Reason,
    string? NlbReasonCode,
    string? CheckCode,
    string? CheckStatus,
    int? StatusCode,
    string? Content,
    TimingsDto? TimingsMs,
    DateTimeOffset? CheckedAt,
    DateTimeOffset Since,
    bool Flapping,
    bool Restored,
    int ConsecutivePasses,
    int ConsecutiveFailures,
    string Target);

/// <summary>A member that is not Healthy, in a pool's health.</summary>
internal sealed record NonHealthyMemberDto(
    string MemberId,
    string Address,
    int ProtocolPort,
    string? InstanceId,
    string State,
    string? ReasonCode,
    string? Reason,
    string? NlbReasonCode,
    DateTimeOffset Since);

/// <summary>
/// <c>GET /api/v1/pools/{id}/health</c>: counts per state (all five) and the members that are not Healthy, in member id
/// order, the first <c>non_healthy_limit</c> of them (<see cref="NonHealthyTotal"/> says how many there are); how many
/// members a load balancer should send traffic to, and the panic when the pool is below its <c>min_healthy_percent</c>.
/// </summary>
internal sealed record PoolHealthDto(
    string PoolId,
    bool HealthCheckEnabled,
    IReadOnlyDictionary<string, int> Counts,
    int MembersTotal,
    int NonHealthyTotal,
    IReadOnlyList<NonHealthyMemberDto> NonHealthy,
    int InRotation,
    PanicDto? Panic);

/// <summary><c>GET /api/v1/listeners/{id}/health</c>: the health of the listener's default pool.</summary>
internal sealed record ListenerHealthDto(string ListenerId, string Protocol, int ProtocolPort, IReadOnlyList<PoolHealthDto> Pools);

/// <summary>
/// <c>GET /api/v1/health</c>: counts per state (all five) over every member of the caller's project (every project for
/// the admin), and the members that are not Healthy: Unhealthy, then Initial, Unavailable, Unused, each newest first.
/// </summary>
internal sealed record ProjectHealthDto(
    IReadOnlyDictionary<string, int> Counts,
    int MembersTotal,
    int NonHealthyTotal,
    int FlappingTotal,
    IReadOnlyList<ProjectNonHealthyMemberDto> NonHealthy);

/// <summary>A member that is not Healthy, in the project overview.</summary>
internal sealed record ProjectNonHealthyMemberDto(
    string MemberId,
    string Name,
    string PoolId,
    string PoolName,
    string Address,
    int ProtocolPort,
    string? InstanceId,
    string State,
    string? ReasonCode,
    string? Reason,
    string? NlbReasonCode,
    string? CheckCode,
    DateTimeOffset Since,
    bool Flapping);

/// <summary>One row of <c>GET /api/v1/pools/{id}/members/health</c>: the member and its live health.</summary>
internal sealed record PoolMemberHealthDto(
    string MemberId,
    string Name,
    string Address,
    int ProtocolPort,
    int Weight,
    bool AdminStateUp,
    string? InstanceId,
    string State,
    string? ReasonCode,
    string? Reason,
    string? NlbReasonCode,
    string? CheckCode,
    string? CheckStatus,
    int? StatusCode,
    DateTimeOffset Since,
    DateTimeOffset? CheckedAt,
    double? LatencyMs,
    bool Flapping,
    bool Restored);

/// <summary><c>GET /api/v1/pools/{id}/members/health</c>: one page of a pool's members in creation order.</summary>
internal sealed record PoolMembersHealthDto(IReadOnlyList<PoolMemberHealthDto> Members, string? NextMarker, int TotalCount);

/// <summary>One check result.</summary>
internal sealed record ResultDto(
    string Outcome,
    string? ReasonCode,
    string? Reason,
    string CheckCode,
    string CheckStatus,
    int? StatusCode,
    TimingsDto TimingsMs,
    DateTimeOffset CheckedAt,
    string? Content);

/// <summary>One stored transition with its evidence (the deciding results, oldest first).</summary>
internal sealed record TransitionDto(
    string From,
    string To,
    DateTimeOffset At,
    string Cause,
    string? ReasonCode,
    string? Reason,
    IReadOnlyList<ResultDto> Evidence,
    string? Node = null);

/// <summary><c>GET /api/v1/members/{id}/history</c>: stored transitions and the in-memory results, newest first.</summary>
internal sealed record MemberHistoryDto(string MemberId, IReadOnlyList<TransitionDto> Transitions, IReadOnlyList<ResultDto> Results);

/// <summary>The data of an SSE <c>transition</c> event.</summary>
internal sealed record TransitionEventDto(
    string MemberId,
    string PoolId,
    string From,
    string To,
    DateTimeOffset At,
    string Cause,
    string? ReasonCode,
    string? Reason,
    string? CheckCode);

/// <summary>The data of an SSE <c>flapping</c> event.</summary>
internal sealed record FlappingEventDto(string MemberId, string PoolId, bool Flapping, DateTimeOffset At);

/// <summary>The data of an SSE <c>panic</c> event: a pool entered panic, changed the members it keeps, or left it.</summary>
/// <param name="PoolId">The pool.</param>
/// <param name="LoadbalancerId">Its load balancer.</param>
/// <param name="InPanic">True while the pool is below its <c>min_healthy_percent</c>.</param>
/// <param name="Panic">Why, and the members kept in rotation; null once it left panic.</param>
/// <param name="At">When it was seen.</param>
internal sealed record PanicEventDto(string PoolId, string LoadbalancerId, bool InPanic, PanicDto? Panic, DateTimeOffset At);

/// <summary>The data of an SSE <c>warning</c> event: the reader fell behind and events were dropped.</summary>
internal sealed record DroppedEventDto(int Dropped, string Message);
