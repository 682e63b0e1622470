using System.Net;
using System.Text;
using Vitals.Core.Probing;
using Vitals.Core.Monitoring;
using Vitals.Probes.Http;

namespace Vitals.Probes;

/// <summary>
/// One thing to check: an address, the port to check and the monitor spec, with everything a prober needs
/// prepared once (request bytes, Host header, SNI) so the per-check path does no formatting.
/// </summary>
public sealed class ProbeTarget
{
    /// <param name="endPoint">Where to connect.</param>
    /// <param name="spec">What to check.</param>
    /// <param name="timeout">Overrides the spec's timeout (tests, diagnosis); the spec's when null.</param>
    /// <param name="grpcOverTls">GRPC checks only: speak gRPC over TLS (the pool is HTTPS) instead of cleartext h2c.</param>
    public ProbeTarget(IPEndPoint endPoint, HealthMonitorSpec spec, TimeSpan? timeout = null, bool grpcOverTls = false)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(spec);
        EndPoint = endPoint;
        Spec = spec;
        Timeout = timeout ?? spec.TimeoutSpan;
        UseTls = spec.Type is HealthMonitorType.Https or HealthMonitorType.Tls
            || (spec.Type == HealthMonitorType.Grpc && grpcOverTls);
        // Host and SNI are made now for the checks that send them on every probe, and never for plain TCP and UDP
        // checks (100,000 targets: two strings each is ~100 bytes per target for nothing).
        if (spec.Type is not HealthMonitorType.Tcp and not HealthMonitorType.UdpConnect)
        {
            _host = Host;
            _serverName = ServerName;
        }

        HttpRequest = spec.Type.IsHttp() ? HttpRequestBuilder.Build(spec, Host) : null;
    }

    /// <summary>Where to connect: the member address and <c>monitor_port</c> (or the member's port).</summary>
    public IPEndPoint EndPoint { get; }

    public HealthMonitorSpec Spec { get; }

    /// <summary>The whole check must end within this time (normally the spec's timeout).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>True when the check speaks TLS (HTTPS, TLS, and GRPC over TLS).</summary>
    public bool UseTls { get; }

    /// <summary>HTTP Host header value: <c>domain_name</c>, else the address, with the port unless it is the default (80, 443).</summary>
    public string Host => _host ?? Spec.DomainName ?? FormatHost(EndPoint, Spec.Type);

    /// <summary>TLS SNI: <c>domain_name</c>, else the address literal.</summary>
    public string ServerName => _serverName ?? Spec.DomainName ?? EndPoint.Address.ToString();

    private readonly string? _host;
    private readonly string? _serverName;

    /// <summary>The native TCP prober's <c>sockaddr</c> for <see cref="EndPoint"/>, made on the first check.</summary>
    internal object? NativeAddress { get; set; }

    /// <summary>The HTTP request, built once; null for non-HTTP checks.</summary>
    internal byte[]? HttpRequest { get; }

    // The last excerpt made for this target: a backend answers the same bytes check after check, so the engine's
    // history ring holds one string per target instead of one per result.
    private string? _lastExcerpt;

    /// <summary>
    /// The first bytes of an answer as text (Latin-1, so every byte survives), capped at
    /// <see cref="ProbeResult.MaxContentBytes"/>; the previous excerpt is reused when the bytes are the same.
    /// </summary>
    internal string? Excerpt(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return null;
        }

        if (bytes.Length > ProbeResult.MaxContentBytes)
        {
            bytes = bytes[..ProbeResult.MaxContentBytes];
        }

        var last = Volatile.Read(ref _lastExcerpt);
        if (last is not null && SameLatin1(last, bytes))
        {
            return last;
        }

        var text = Encoding.Latin1.GetString(bytes);
        Volatile.Write(ref _lastExcerpt, text);
        return text;
    }

    private static bool SameLatin1(string text, ReadOnlySpan<byte> bytes)
    {
        if (text.Length != bytes.Length)
        {
            return false;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            if (text[i] != bytes[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The target for <paramref name="address"/> with the member's <paramref name="memberPort"/>.</summary>
    public static ProbeTarget For(IPAddress address, int memberPort, HealthMonitorSpec spec, TimeSpan? timeout = null,
        bool grpcOverTls = false)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new ProbeTarget(new IPEndPoint(address, spec.MonitorPort ?? memberPort), spec, timeout, grpcOverTls);
    }

    private static string FormatHost(IPEndPoint endPoint, HealthMonitorType type)
    {
        var address = endPoint.Address.ToString();
        var host = endPoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address;
        var defaultPort = type == HealthMonitorType.Http ? 80 : 443;
        return endPoint.Port == defaultPort ? host : $"{host}:{endPoint.Port}";
    }

    public override string ToString() => $"{Spec.Type.ToWire()}{(UseTls && Spec.Type == HealthMonitorType.Grpc ? "+TLS" : "")} {EndPoint}";
}
