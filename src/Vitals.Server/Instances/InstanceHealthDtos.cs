namespace Vitals.Server.Instances;

// GET /api/v1/instances/{id}/health and GET /api/v1/instances/health (snake_case on the wire).

/// <summary>An instance's health: the ECS status name and code, and every reason found at the deciding rule.</summary>
internal sealed record InstanceHealthDto(
    string InstanceId,
    string Status,
    int Code,
    IReadOnlyList<InstanceHealthReasonDto> Reasons,
    DateTimeOffset EvaluatedAt,
    InstanceMembersDto Members,
    HostMetricsDto? HostMetrics,
    NodeExporterScrapeDto? Scrape);

/// <summary>One reason: a stable code and a sentence.</summary>
internal sealed record InstanceHealthReasonDto(string Code, string Message);

/// <summary>How many members run on the instance, and how many are Healthy or Unhealthy now.</summary>
internal sealed record InstanceMembersDto(int Total, int Healthy, int Unhealthy);

/// <summary>The last successful node_exporter sample.</summary>
internal sealed record HostMetricsDto(DateTimeOffset SampledAt, double? LoadPerCpu, double? MemoryAvailableRatio, double? DiskFreeRatio);

/// <summary>The node_exporter scrape state.</summary>
internal sealed record NodeExporterScrapeDto(string Url, DateTimeOffset? LastAttemptAt, string? LastFailure, string? LastDetail,
    int ConsecutiveUnreachable);

/// <summary>One row of <c>GET /api/v1/instances/health</c>: what a list shows of the instance, and its health.</summary>
internal sealed record InstanceHealthRowDto(string Id, string Name, string Address, string Region, InstanceHealthDto Health);

/// <summary><c>GET /api/v1/instances/health</c>: one page of the project's instances with their health, in creation order.</summary>
internal sealed record InstanceHealthPageDto(IReadOnlyList<InstanceHealthRowDto> Instances, string? NextMarker, int TotalCount);
