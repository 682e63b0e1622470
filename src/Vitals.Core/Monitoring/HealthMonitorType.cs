namespace Vitals.Core.Monitoring;

/// <summary>The kind of health check, as Huawei ELB v3 names them.</summary>
public enum HealthMonitorType
{
    /// <summary>TCP connect (half-open: SYN, SYN-ACK, RST).</summary>
    Tcp,

    /// <summary>One UDP datagram; an ICMP port-unreachable fails it, silence passes.</summary>
    UdpConnect,

    /// <summary>HTTP request; the status must be in the expected codes.</summary>
    Http,

    /// <summary>HTTP over TLS; the backend certificate is recorded, not verified.</summary>
    Https,

    /// <summary>TLS handshake only.</summary>
    Tls,

    /// <summary>grpc.health.v1.Health/Check over HTTP/2.</summary>
    Grpc,
}
