namespace Vitals.Server.Instances;

// GET /api/v1/instances/{id}/health (snake_case on the wire).

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
