using System.Net;
using Vitals.Core.Monitoring;

namespace Vitals.Probes.Tests.Grpc;

/// <summary>GRPC specs and targets on 127.0.0.1, built through the validator as users' specs are.</summary>
internal static class GrpcTestTargets
{
    /// <summary>Generous: the machine may be loaded; only the timeout tests want a short one.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static HealthMonitorSpec Spec(string? expectedCodes = null, string? domainName = null)
    {
        var draft = new HealthMonitorDraft
        {
            Type = "GRPC",
            Delay = 30,
            Timeout = 10,
            MaxRetries = 3,
            ExpectedCodes = expectedCodes,
            DomainName = domainName,
        };
        if (!HealthMonitorValidator.TryCreate(draft, out var spec, out var errors))
        {
            throw new InvalidOperationException("bad test spec: " + string.Join("; ", errors));
        }

        return spec;
    }

    public static ProbeTarget Loopback(int port, string? expectedCodes = null, TimeSpan? timeout = null, bool tls = false,
        string? domainName = null)
        => new(new IPEndPoint(IPAddress.Loopback, port), Spec(expectedCodes, domainName), timeout ?? DefaultTimeout, tls);
}
