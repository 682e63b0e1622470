using System.Globalization;
using System.Net.Sockets;

namespace Vitals.Probes.Grpc;

/// <summary>What one target's checks send, prepared once per target rather than formatted per check.</summary>
internal sealed class GrpcRequestTemplate
{
    public const string Path = "/grpc.health.v1.Health/Check";

    private GrpcRequestTemplate(ProbeTarget target)
    {
        // The URI names the member's address, not domain_name: the handler keys its connection pools by the URI,
        // and two members behind one domain_name must never share a pool, lest one's check run on the other's
        // connection. The :authority (Host) still says domain_name when one is set.
        var endPoint = target.EndPoint;
        var address = endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]" : endPoint.Address.ToString();
        var port = endPoint.Port.ToString(CultureInfo.InvariantCulture);
        Uri = new Uri($"{(target.UseTls ? "https" : "http")}://{address}:{port}{Path}");
        Authority = target.Spec.DomainName is { } domain ? $"{domain}:{port}" : null;
        GrpcTimeout = FormatTimeout(target.Timeout);
    }

    public Uri Uri { get; }

    /// <summary>The :authority when it differs from the URI's (domain_name set); null otherwise.</summary>
    public string? Authority { get; }

    /// <summary>The <c>grpc-timeout</c> header: the server learns our deadline and may give up with us.</summary>
    public string GrpcTimeout { get; }

    public static GrpcRequestTemplate For(ProbeTarget target) => new(target);

    private static string FormatTimeout(TimeSpan timeout)
    {
        // At most 8 digits, per the gRPC over HTTP/2 specification.
        var millis = (long)Math.Ceiling(timeout.TotalMilliseconds);
        return millis <= 99_999_999
            ? millis.ToString(CultureInfo.InvariantCulture) + "m"
            : Math.Min((long)Math.Ceiling(timeout.TotalSeconds), 99_999_999).ToString(CultureInfo.InvariantCulture) + "S";
    }
}
