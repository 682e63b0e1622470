using System.Diagnostics.CodeAnalysis;
using Vitals.Core.Monitoring;

namespace Vitals.Core.Resources;

/// <summary>Wire names of the protocol enums and the pool-protocol / monitor-type compatibility matrix.</summary>
public static class ProtocolNames
{
    public const string ListenerAllowedList = "TCP, UDP, TCPSSL, HTTP, HTTPS";
    public const string PoolAllowedList = "TCP, UDP, HTTP, HTTPS, QUIC, TLS, GRPC, IP";

    public static string ToWire(this ListenerProtocol protocol) => protocol switch
    {
        ListenerProtocol.Tcp => "TCP",
        ListenerProtocol.Udp => "UDP",
        ListenerProtocol.TcpSsl => "TCPSSL",
        ListenerProtocol.Http => "HTTP",
        ListenerProtocol.Https => "HTTPS",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null),
    };

    public static string ToWire(this PoolProtocol protocol) => protocol switch
    {
        PoolProtocol.Tcp => "TCP",
        PoolProtocol.Udp => "UDP",
        PoolProtocol.Http => "HTTP",
        PoolProtocol.Https => "HTTPS",
        PoolProtocol.Quic => "QUIC",
        PoolProtocol.Tls => "TLS",
        PoolProtocol.Grpc => "GRPC",
        PoolProtocol.Ip => "IP",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null),
    };

    public static bool TryParseListener(string? text, [NotNullWhen(true)] out ListenerProtocol? protocol)
    {
        protocol = text?.Trim().ToUpperInvariant() switch
        {
            "TCP" => ListenerProtocol.Tcp,
            "UDP" => ListenerProtocol.Udp,
            "TCPSSL" => ListenerProtocol.TcpSsl,
            "HTTP" => ListenerProtocol.Http,
            "HTTPS" => ListenerProtocol.Https,
            _ => null,
        };
        return protocol is not null;
    }

    public static bool TryParsePool(string? text, [NotNullWhen(true)] out PoolProtocol? protocol)
    {
        protocol = text?.Trim().ToUpperInvariant() switch
        {
            "TCP" => PoolProtocol.Tcp,
            "UDP" => PoolProtocol.Udp,
            "HTTP" => PoolProtocol.Http,
            "HTTPS" => PoolProtocol.Https,
            "QUIC" => PoolProtocol.Quic,
            "TLS" => PoolProtocol.Tls,
            "GRPC" => PoolProtocol.Grpc,
            "IP" => PoolProtocol.Ip,
            _ => null,
        };
        return protocol is not null;
    }

    /// <summary>
    /// The monitor types a pool of <paramref name="protocol"/> may use (Huawei ELB v3 §2.1): UDP and QUIC pools
    /// only UDP_CONNECT; TCP and IP pools TCP, HTTP, HTTPS; HTTP, HTTPS, GRPC and TLS pools also GRPC and TLS.
    /// </summary>
    public static IReadOnlyList<HealthMonitorType> AllowedMonitorTypes(this PoolProtocol protocol) => protocol switch
    {
        PoolProtocol.Udp or PoolProtocol.Quic => UdpOnly,
        PoolProtocol.Tcp or PoolProtocol.Ip => Layer4,
        PoolProtocol.Http or PoolProtocol.Https or PoolProtocol.Grpc or PoolProtocol.Tls => Layer7,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null),
    };

    public static bool Allows(this PoolProtocol protocol, HealthMonitorType type) => protocol.AllowedMonitorTypes().Contains(type);

    /// <summary>True when a GRPC check of a pool of this protocol speaks TLS.</summary>
    public static bool GrpcOverTls(this PoolProtocol protocol) => protocol is PoolProtocol.Https or PoolProtocol.Tls;

    private static readonly HealthMonitorType[] UdpOnly = [HealthMonitorType.UdpConnect];
    private static readonly HealthMonitorType[] Layer4 = [HealthMonitorType.Tcp, HealthMonitorType.Http, HealthMonitorType.Https];
    private static readonly HealthMonitorType[] Layer7 =
        [HealthMonitorType.Tcp, HealthMonitorType.Http, HealthMonitorType.Https, HealthMonitorType.Grpc, HealthMonitorType.Tls];
}
