namespace Vitals.Server.Dialects.Ovh.Iplb;

// OVH IPLB wire shapes (ovh-iplb.md §2): camelCase keys, every key written, null where the schema allows it.

/// <summary>OVH's object errors: <c>{"class":"Client::NotFound","message":"..."}</c>.</summary>
internal sealed record OvhClassErrorDto(string Class, string Message);

/// <summary>OVH's authentication errors: <c>{"errorCode","httpCode","message"}</c>.</summary>
internal sealed record OvhAuthErrorDto(string ErrorCode, string HttpCode, string Message);

/// <summary><c>ipLoadbalancing.ServerState</c>: one element per checker instance.</summary>
internal sealed record OvhServerStateDto(long InstanceId, string? Status, string? CheckCode, string? CheckStatus, string? LastCheckContent,
    string? CheckTime);

/// <summary><c>BackendHTTPServer</c> (with <c>cookie</c>).</summary>
internal sealed record OvhHttpServerDto(long ServerId, long BackendId, string Address, int? Port, string? DisplayName, string Status, int? Weight,
    bool Probe, bool Backup, bool Ssl, string? Chain, string? Cookie, string? OnMarkedDown, string? ProxyProtocolVersion,
    IReadOnlyList<OvhServerStateDto> ServerState);

/// <summary><c>BackendTCPServer</c> (no <c>cookie</c>).</summary>
internal sealed record OvhTcpServerDto(long ServerId, long BackendId, string Address, int? Port, string? DisplayName, string Status, int? Weight,
    bool Probe, bool Backup, bool Ssl, string? Chain, string? OnMarkedDown, string? ProxyProtocolVersion,
    IReadOnlyList<OvhServerStateDto> ServerState);

/// <summary><c>BackendUDPServer</c>: no probe, weight or state (OVH does not check UDP servers).</summary>
internal sealed record OvhUdpServerDto(long ServerId, long BackendId, string Address, int? Port, string? DisplayName, string Status);

/// <summary>A UDP farm (<c>BackendUdp</c>): no balance, stickiness or probe.</summary>
internal sealed record OvhUdpFarmDto(long FarmId, string? DisplayName, string Zone, int? Port, long? VrackNetworkId);

/// <summary><c>ipLoadbalancing.BackendProbe</c>.</summary>
internal sealed record OvhProbeDto(string Type, int Interval, int? Port, string? Url, string? Method, string Match, string Pattern, bool Negate,
    bool ForceSsl);

/// <summary>A farm (<c>BackendHttp</c> / <c>BackendTcp</c>).</summary>
internal sealed record OvhFarmDto(long FarmId, string? DisplayName, string Zone, int? Port, string? Balance, string? Stickiness, long? VrackNetworkId,
    OvhProbeDto? Probe);

/// <summary><c>ipLoadbalancing.InstancesState</c>.</summary>
internal sealed record OvhInstanceStateDto(long InternalId, string Zone, string State, string LastUpdateDate);

/// <summary><c>ipLoadbalancing.Ip</c>: the service detail.</summary>
internal sealed record OvhServiceDto(string? DisplayName, string? IpLoadbalancing, string? Ipv4, string? Ipv6, string? MetricsToken, string Offer,
    IReadOnlyList<string> OrderableZone, string ServiceName, string? SslConfiguration, string State, bool VrackEligibility, string? VrackName,
    IReadOnlyList<string> Zone);

/// <summary><c>ipLoadbalancing.Task.Task</c>.</summary>
internal sealed record OvhTaskDto(long Id, string Action, string CreationDate, string? DoneDate, int Progress, string Status,
    IReadOnlyList<string> Zones);

/// <summary><c>ipLoadbalancing.status.ComponentStatus</c>.</summary>
internal sealed record OvhStatusCountsDto(long Ok, long Warn, long Error, long Unknown);

/// <summary><c>ipLoadbalancing.status.Component</c>.</summary>
internal sealed record OvhStatusComponentDto(long Total, OvhStatusCountsDto Status);

/// <summary><c>ipLoadbalancing.status.Service</c>.</summary>
internal sealed record OvhServiceStatusDto(string Status);

/// <summary><c>ipLoadbalancing.Status</c>.</summary>
internal sealed record OvhStatusDto(OvhServiceStatusDto Service, OvhStatusComponentDto Farms, OvhStatusComponentDto Frontends,
    OvhStatusComponentDto Servers);

/// <summary><c>ipLoadbalancing.FarmAvailableProbe</c>.</summary>
internal sealed record OvhAvailableProbeDto(string Type, bool Port, bool Url, IReadOnlyList<string>? Method, IReadOnlyList<string> Matches,
    IReadOnlyList<string> NegatableMatches);
