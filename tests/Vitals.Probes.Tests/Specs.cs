using System.Net;
using Vitals.Core.Monitoring;

namespace Vitals.Probes.Tests;

/// <summary>Specs and targets for probe tests.</summary>
internal static class Specs
{
    /// <summary>Short enough to keep timeout tests quick, long enough for a loaded machine to connect on loopback.</summary>
    public static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>For timeouts that must fire after a TLS handshake: a first handshake on a loaded machine (JIT, key exchange) can take most of 500 ms.</summary>
    public static readonly TimeSpan AfterHandshakeTimeout = TimeSpan.FromSeconds(2);

    public static HealthMonitorSpec Of(HealthMonitorType type, string? expectedCodes = null, HttpCheckMethod method = HttpCheckMethod.Get,
        string? domainName = null, string urlPath = "/health")
    {
        var codes = ExpectedCodes.HttpDefault;
        if (expectedCodes is not null && !ExpectedCodes.TryParse(expectedCodes, 200, 599, out codes, out var error))
        {
            throw new ArgumentException(error, nameof(expectedCodes));
        }

        return new HealthMonitorSpec
        {
            Type = type,
            Delay = 10,
            Timeout = 10,
            MaxRetries = 3,
            ExpectedCodes = codes,
            HttpMethod = method,
            DomainName = domainName,
            UrlPath = urlPath,
        };
    }

    public static ProbeTarget Target(IPEndPoint endPoint, HealthMonitorType type, string? expectedCodes = null,
        HttpCheckMethod method = HttpCheckMethod.Get, string? domainName = null, TimeSpan? timeout = null)
        => new(endPoint, Of(type, expectedCodes, method, domainName), timeout);
}
