using System.Text;
using Vitals.Core.Monitoring;

namespace Vitals.Probes.Http;

/// <summary>Builds the bytes of an HTTP check request once per target.</summary>
internal static class HttpRequestBuilder
{
    public static byte[] Build(HealthMonitorSpec spec, string host)
    {
        var method = spec.HttpMethod.ToWire();
        var contentLength = spec.HttpMethod == HttpCheckMethod.Post ? "Content-Length: 0\r\n" : "";
        var text = $"{method} {spec.UrlPath} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: Vitals-HealthCheck\r\nAccept: */*\r\n{contentLength}Connection: close\r\n\r\n";
        return Encoding.ASCII.GetBytes(text);
    }
}
