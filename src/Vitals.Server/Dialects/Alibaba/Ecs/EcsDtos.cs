namespace Vitals.Server.Dialects.Alibaba.Ecs;

// ECS 2014-05-26 answers (alibaba-ecs.md §2.2, §3.2). Property names are the SDK's JSON keys; lists keep their XML-era
// double wrapping (InstanceFullStatusSet.InstanceFullStatusType[], Instances.Instance[]).

/// <summary>A <c>{ "Code": n, "Name": "…" }</c> pair, as ECS writes statuses and event types.</summary>
internal sealed record EcsCodeName(int Code, string Name);

/// <summary>The answer of <c>DescribeInstancesFullStatus</c>.</summary>
internal sealed record DescribeInstancesFullStatusResponse(string RequestId, int TotalCount, int PageNumber, int PageSize,
    EcsInstanceFullStatusSet InstanceFullStatusSet);

internal sealed record EcsInstanceFullStatusSet(IReadOnlyList<EcsInstanceFullStatus> InstanceFullStatusType);

internal sealed record EcsInstanceFullStatus(string InstanceId, EcsCodeName Status, EcsCodeName HealthStatus,
    EcsScheduledSystemEventSet ScheduledSystemEventSet);

internal sealed record EcsScheduledSystemEventSet(IReadOnlyList<EcsScheduledSystemEvent> ScheduledSystemEventType);

internal sealed record EcsScheduledSystemEvent(string EventId, EcsCodeName EventType, EcsCodeName EventCycleStatus, string EventPublishTime,
    string NotBefore, string Reason, string ImpactLevel);

/// <summary>The answer of <c>DescribeInstances</c>.</summary>
internal sealed record DescribeInstancesResponse(string RequestId, int TotalCount, int? PageNumber, int PageSize, string NextToken,
    EcsInstances Instances);

internal sealed record EcsInstances(IReadOnlyList<EcsInstance> Instance);

internal sealed record EcsInstance(string InstanceId, string InstanceName, string HostName, string Description, string RegionId, string ZoneId,
    string Status, string CreationTime, EcsVpcAttributes VpcAttributes, EcsIpAddressSet PublicIpAddress);

internal sealed record EcsVpcAttributes(string VpcId, string VSwitchId, string NatIpAddress, EcsIpAddressSet PrivateIpAddress);

internal sealed record EcsIpAddressSet(IReadOnlyList<string> IpAddress);
