namespace Vitals.Core.Monitoring;

/// <summary>
/// A validated health monitor: every field of the Huawei ELB v3 health monitor. Build one through
/// <see cref="HealthMonitorValidator.TryCreate"/>; ranges and defaults are in <c>docs/health-monitor.md</c>.
/// Two specs that are equal describe the same check, which is how the engine shares one probe among pools.
/// </summary>
public sealed record HealthMonitorSpec
{
    /// <summary>The kind of check.</summary>
    public required HealthMonitorType Type { get; init; }

    /// <summary>Seconds between checks, 1-50.</summary>
    public required int Delay { get; init; }

    /// <summary>Seconds one check may take, 1-50 (advised: below <see cref="Delay"/>).</summary>
    public required int Timeout { get; init; }

    /// <summary>Rise: consecutive passes that make a member healthy, 1-10.</summary>
    public required int MaxRetries { get; init; }

    /// <summary>Fall: consecutive failures that make a member unhealthy, 1-10.</summary>
    /// <value>3</value>
    public int MaxRetriesDown { get; init; } = HealthMonitorValidator.DefaultMaxRetriesDown;

    /// <summary>Codes that pass (HTTP status, or gRPC status for GRPC).</summary>
    /// <value>200, or 0 for GRPC</value>
    public ExpectedCodes ExpectedCodes
    {
        get => _expectedCodes ?? (Type == HealthMonitorType.Grpc ? ExpectedCodes.GrpcDefault : ExpectedCodes.HttpDefault);
        init => _expectedCodes = value;
    }

    // Null until set, so a GRPC spec built without the validator still defaults to 0, not to HTTP's 200.
    private readonly ExpectedCodes? _expectedCodes;

    /// <summary>Request path of HTTP and HTTPS checks.</summary>
    /// <value>/</value>
    public string UrlPath { get; init; } = "/";

    /// <summary>Request method of HTTP and HTTPS checks.</summary>
    /// <value>GET</value>
    public HttpCheckMethod HttpMethod { get; init; } = HttpCheckMethod.Get;

    /// <summary>Host header (HTTP) and SNI (TLS); null means the member address.</summary>
    public string? DomainName { get; init; }

    /// <summary>Port to check; null means each member's own port.</summary>
    public int? MonitorPort { get; init; }

    /// <summary>False switches checking off: members become Unavailable.</summary>
    /// <value>true</value>
    public bool AdminStateUp { get; init; } = true;

    /// <summary>The check timeout as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan TimeoutSpan => TimeSpan.FromSeconds(Timeout);

    /// <summary>The check interval as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan DelaySpan => TimeSpan.FromSeconds(Delay);
}
