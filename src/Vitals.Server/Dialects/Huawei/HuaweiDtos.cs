using System.Text.Json.Serialization;

namespace Vitals.Server.Dialects.Huawei;

// The wire shapes of Huawei ELB v3 (huawei-elb-v3.md). Every key is always written; unset optional values are null.

/// <summary>The flat error body.</summary>
internal sealed record HuaweiErrorDto(string ErrorMsg, string ErrorCode, string RequestId);

/// <summary><c>{"id": ...}</c>: a reference to a pool, member, listener or load balancer.</summary>
internal sealed record HuaweiRefDto(string Id);

/// <summary>Paging of a list: the first and last id of the page; both left out on an empty page.</summary>
internal sealed record HuaweiPageInfoDto(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PreviousMarker,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextMarker,
    int CurrentCount);

/// <summary>The HealthMonitor object (§2).</summary>
internal sealed record HuaweiHealthMonitorDto(
    int? MonitorPort,
    string Id,
    string ProjectId,
    string? DomainName,
    string Name,
    int Delay,
    int MaxRetries,
    int MaxRetriesDown,
    IReadOnlyList<HuaweiRefDto> Pools,
    bool AdminStateUp,
    int Timeout,
    string Type,
    string? ExpectedCodes,
    string? UrlPath,
    string? HttpMethod,
    string CreatedAt,
    string UpdatedAt);

internal sealed record HuaweiHealthMonitorListDto(IReadOnlyList<HuaweiHealthMonitorDto> Healthmonitors, HuaweiPageInfoDto PageInfo, string RequestId);

internal sealed record HuaweiHealthMonitorOneDto(string RequestId, HuaweiHealthMonitorDto Healthmonitor);

/// <summary>The Pool object (§8).</summary>
internal sealed record HuaweiPoolDto(
    string Id,
    string Name,
    string Description,
    string ProjectId,
    string Protocol,
    string LbAlgorithm,
    bool AdminStateUp,
    string HealthmonitorId,
    IReadOnlyList<HuaweiRefDto> Members,
    IReadOnlyList<HuaweiRefDto> Listeners,
    IReadOnlyList<HuaweiRefDto> Loadbalancers,
    string CreatedAt,
    string UpdatedAt);

internal sealed record HuaweiPoolListDto(IReadOnlyList<HuaweiPoolDto> Pools, HuaweiPageInfoDto PageInfo, string RequestId);

internal sealed record HuaweiPoolOneDto(string RequestId, HuaweiPoolDto Pool);

/// <summary>Why a member is not ONLINE (Huawei's reason codes).</summary>
internal sealed record HuaweiMemberReasonDto(string ReasonCode, string? ExpectedResponse, string? HealthcheckResponse);

/// <summary>A member's health as one listener sees it.</summary>
internal sealed record HuaweiMemberStatusDto(string ListenerId, string OperatingStatus, HuaweiMemberReasonDto? Reason);

/// <summary>The Member object (§9).</summary>
internal sealed record HuaweiMemberDto(
    string Id,
    string Name,
    string ProjectId,
    string PoolId,
    string Address,
    int ProtocolPort,
    int Weight,
    bool AdminStateUp,
    string SubnetCidrId,
    string IpVersion,
    string OperatingStatus,
    IReadOnlyList<HuaweiMemberStatusDto> Status,
    HuaweiMemberReasonDto? Reason,
    string MemberType,
    string InstanceId,
    string CreatedAt,
    string UpdatedAt);

internal sealed record HuaweiMemberListDto(IReadOnlyList<HuaweiMemberDto> Members, HuaweiPageInfoDto PageInfo, string RequestId);

internal sealed record HuaweiMemberOneDto(string RequestId, HuaweiMemberDto Member);
