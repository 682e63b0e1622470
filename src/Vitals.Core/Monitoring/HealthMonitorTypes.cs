using System.Diagnostics.CodeAnalysis;

namespace Vitals.Core.Monitoring;

/// <summary>Wire names of <see cref="HealthMonitorType"/> (<c>TCP</c>, <c>UDP_CONNECT</c>, ...).</summary>
public static class HealthMonitorTypes
{
    public const string AllowedList = "TCP, UDP_CONNECT, HTTP, HTTPS, TLS, GRPC";

    public static string ToWire(this HealthMonitorType type) => type switch
    {
        HealthMonitorType.Tcp => "TCP",
        HealthMonitorType.UdpConnect => "UDP_CONNECT",
        HealthMonitorType.Http => "HTTP",
        HealthMonitorType.Https => "HTTPS",
        HealthMonitorType.Tls => "TLS",
        HealthMonitorType.Grpc => "GRPC",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Parses a wire name, case-insensitively (<c>udp_connect</c> and <c>UDP-CONNECT</c> too).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out HealthMonitorType? type)
    {
        type = text?.Trim().ToUpperInvariant().Replace('-', '_') switch
        {
            "TCP" => HealthMonitorType.Tcp,
            "UDP_CONNECT" or "UDP" => HealthMonitorType.UdpConnect,
            "HTTP" => HealthMonitorType.Http,
            "HTTPS" => HealthMonitorType.Https,
            "TLS" => HealthMonitorType.Tls,
            "GRPC" => HealthMonitorType.Grpc,
            _ => null,
        };
        return type is not null;
    }

    /// <summary>True for the types that send an HTTP request (and so use path, method, host, codes).</summary>
    public static bool IsHttp(this HealthMonitorType type) => type is HealthMonitorType.Http or HealthMonitorType.Https;
}
