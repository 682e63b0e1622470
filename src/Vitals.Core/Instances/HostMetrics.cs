namespace Vitals.Core.Instances;

/// <summary>
/// One node_exporter sample of a host, reduced to the three figures the health rule reads. A figure the exporter
/// did not provide is null (not judged).
/// </summary>
/// <param name="SampledAt">When the scrape completed.</param>
/// <param name="LoadPerCpu"><c>node_load1</c> divided by the number of CPUs.</param>
/// <param name="MemoryAvailableRatio"><c>MemAvailable / MemTotal</c>, 0..1.</param>
/// <param name="DiskFreeRatio">Root filesystem <c>avail / size</c>, 0..1.</param>
public sealed record HostMetrics(DateTimeOffset SampledAt, double? LoadPerCpu, double? MemoryAvailableRatio, double? DiskFreeRatio);
