using Vitals.Core.Monitoring;
using Vitals.Core.Resources;

namespace Vitals.Server.Dialects.Huawei;

/// <summary>Native health monitor ↔ Huawei HealthMonitor object.</summary>
internal static class HuaweiHealthMonitorMapper
{
    /// <summary>
    /// Fields that do not apply to the type show as null when they hold their default, as the seed's UDP_CONNECT example
    /// does (<c>expected_codes</c>, <c>http_method</c> null); a value the client set is shown as set. <c>url_path</c> is always
    /// shown (the seed shows <c>"/world"</c> on a UDP_CONNECT monitor).
    /// </summary>
    public static HuaweiHealthMonitorDto ToDto(HealthMonitor monitor)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        var spec = monitor.Spec;
        var usesCodes = spec.Type.IsHttp() || spec.Type == HealthMonitorType.Grpc;
        var expectedCodes = usesCodes || !spec.ExpectedCodes.Equals(ExpectedCodes.HttpDefault) ? spec.ExpectedCodes.Text : null;
        var httpMethod = spec.Type.IsHttp() || spec.HttpMethod != HttpCheckMethod.Get ? spec.HttpMethod.ToWire() : null;
        return new HuaweiHealthMonitorDto(
            spec.MonitorPort,
            monitor.Id,
            monitor.ProjectId,
            spec.DomainName,
            monitor.Name,
            spec.Delay,
            spec.MaxRetries,
            spec.MaxRetriesDown,
            [new HuaweiRefDto(monitor.PoolId)],
            spec.AdminStateUp,
            spec.Timeout,
            spec.Type.ToWire(),
            expectedCodes,
            spec.UrlPath,
            httpMethod,
            HuaweiTime.Format(monitor.CreatedAt),
            HuaweiTime.Format(monitor.UpdatedAt));
    }
}
