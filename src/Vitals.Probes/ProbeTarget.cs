using System.Net;
using Vitals.Core.Monitoring;
using Vitals.Probes.Http;

namespace Vitals.Probes;

/// <summary>
/// One thing to check: an address, the port to check and the monitor spec, with everything a prober needs
/// prepared once (request bytes, Host header, SNI) so the per-check path does no formatting.
/// </summary>
public sealed class ProbeTarget
{
    public ProbeTarget(IPEndPoint endPoint, HealthMonitorSpec spec, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(spec);
        EndPoint = endPoint;
        Spec = spec;
        Timeout = timeout ?? spec.TimeoutSpan;
        Host = spec.DomainName ?? FormatHost(endPoint);
        ServerName = spec.DomainName ?? endPoint.Address.ToString();
        HttpRequest = spec.Type.IsHttp() ? HttpRequestBuilder.Build(spec, Host) : null;
    }

    /// <summary>Where to connect: the member address and <c>monitor_port</c> (or the member's port).</summary>
    public IPEndPoint EndPoint { get; }

    public HealthMonitorSpec Spec { get; }

    /// <summary>The whole check must end within this time (normally the spec's timeout).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>HTTP Host header value: <c>domain_name</c>, else the address (with port when not default).</summary>
    public string Host { get; }

    /// <summary>TLS SNI: <c>domain_name</c>, else the address literal.</summary>
    public string ServerName { get; }

    /// <summary>The HTTP request, built once; null for non-HTTP checks.</summary>
    internal byte[]? HttpRequest { get; }

    /// <summary>The target for <paramref name="address"/> with the member's <paramref name="memberPort"/>.</summary>
    public static ProbeTarget For(IPAddress address, int memberPort, HealthMonitorSpec spec, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new ProbeTarget(new IPEndPoint(address, spec.MonitorPort ?? memberPort), spec, timeout);
    }

    private static string FormatHost(IPEndPoint endPoint)
    {
        var address = endPoint.Address.ToString();
        return endPoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address;
    }

    public override string ToString() => $"{Spec.Type.ToWire()} {EndPoint}";
}
