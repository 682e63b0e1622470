using Vitals.Core.Monitoring;
using Vitals.Core.Resources;

namespace Vitals.Server.Dialects.Ovh.Iplb;

/// <summary>Server group + its monitor → OVH farm with its probe (ovh-iplb.md §2.3).</summary>
internal static class OvhFarmMapper
{
    public static OvhFarmDto ToDto(ServerGroup pool, LoadBalancer loadBalancer, HealthMonitor? monitor)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(loadBalancer);
        var balance = pool.LbAlgorithm switch
        {
            LbAlgorithms.RoundRobin => "roundrobin",
            LbAlgorithms.LeastConnections => "leastconn",
            LbAlgorithms.SourceIp => "source",
            _ => null,
        };
        return new OvhFarmDto(pool.NumericId, pool.Name.Length == 0 ? null : pool.Name, loadBalancer.Region, null, balance, null, null,
            monitor is null ? null : Probe(monitor.Spec));
    }

    /// <summary>
    /// HTTP and HTTPS checks are <c>http</c> probes matching the expected status codes; the others are <c>tcp</c>
    /// probes (TLS and HTTPS with <c>forceSsl</c>). A gRPC check has no OVH equivalent: it shows as an <c>http</c> probe.
    /// </summary>
    private static OvhProbeDto Probe(HealthMonitorSpec spec)
    {
        var http = spec.Type.IsHttp() || spec.Type == HealthMonitorType.Grpc;
        var url = http ? (spec.DomainName is { } host ? host + spec.UrlPath : spec.UrlPath) : null;
        return new OvhProbeDto(
            http ? "http" : "tcp",
            spec.Delay,
            spec.MonitorPort,
            url,
            http ? spec.HttpMethod.ToWire() : null,
            http ? "status" : "default",
            http ? spec.ExpectedCodes.Text : "",
            false,
            spec.Type is HealthMonitorType.Https or HealthMonitorType.Tls);
    }
}
