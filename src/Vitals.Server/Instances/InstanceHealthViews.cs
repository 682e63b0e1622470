using Vitals.Control.Instances;
using Vitals.Core.Instances;

namespace Vitals.Server.Instances;

/// <summary>Maps an <see cref="InstanceHealthReport"/> to the native API's answer.</summary>
internal static class InstanceHealthViews
{
    public static InstanceHealthDto From(InstanceHealthReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var verdict = report.Verdict;
        var reasons = new InstanceHealthReasonDto[verdict.Reasons.Count];
        for (var i = 0; i < reasons.Length; i++)
        {
            reasons[i] = new InstanceHealthReasonDto(verdict.Reasons[i].Code, verdict.Reasons[i].Message);
        }

        var scrape = report.Scrape;
        var sample = scrape?.LastSample;
        return new InstanceHealthDto(
            report.Instance.Id,
            InstanceHealthStatuses.WireName(verdict.Status),
            InstanceHealthStatuses.Code(verdict.Status),
            reasons,
            report.EvaluatedAt,
            new InstanceMembersDto(report.Members, report.MembersHealthy, report.MembersUnhealthy),
            sample is null ? null : new HostMetricsDto(sample.SampledAt, Finite(sample.LoadPerCpu), Finite(sample.MemoryAvailableRatio),
                Finite(sample.DiskFreeRatio)),
            scrape is null || report.Instance.NodeExporterUrl is not { } url
                ? null
                : new NodeExporterScrapeDto(url, scrape.LastAttemptAt,
                    scrape.LastAttemptAt is null || scrape.LastFailure == NodeExporterScrapeFailure.None ? null : scrape.LastFailure.ToString(),
                    scrape.LastDetail, scrape.UnreachableRun));
    }

    // JSON has no NaN or infinity.
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
