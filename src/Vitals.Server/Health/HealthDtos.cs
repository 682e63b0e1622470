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
    string? NlbReasonCode,
    DateTimeOffset Since);

/// <summary>
/// <c>GET /api/v1/pools/{id}/health</c>: counts per state (all five) and the members that are not Healthy, in member id
/// order, the first <c>non_healthy_limit</c> of them (<see cref="NonHealthyTotal"/> says how many there are).
/// </summary>
internal sealed record PoolHealthDto(
    string PoolId,
    bool HealthCheckEnabled,
    IReadOnlyDictionary<string, int> Counts,
    int MembersTotal,
    int NonHealthyTotal,
    IReadOnlyList<NonHealthyMemberDto> NonHealthy);

/// <summary><c>GET /api/v1/listeners/{id}/health</c>: the health of the listener's default pool.</summary>
internal sealed record ListenerHealthDto(string ListenerId, string Protocol, int ProtocolPort, IReadOnlyList<PoolHealthDto> Pools);

/// <summary>One check result.</summary>
internal sealed record ResultDto(
    string Outcome,
    string? ReasonCode,
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
    IReadOnlyList<ResultDto> Evidence);

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
    string? CheckCode);

/// <summary>The data of an SSE <c>flapping</c> event.</summary>
internal sealed record FlappingEventDto(string MemberId, string PoolId, bool Flapping, DateTimeOffset At);

/// <summary>The data of an SSE <c>warning</c> event: the reader fell behind and events were dropped.</summary>
internal sealed record DroppedEventDto(int Dropped, string Message);
