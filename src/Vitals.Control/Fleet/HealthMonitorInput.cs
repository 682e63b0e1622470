using System.Collections.Frozen;
using Vitals.Core.Monitoring;

namespace Vitals.Control.Fleet;

/// <summary>A health monitor as sent: its pool (fixed at creation), a name and every field of the check.</summary>
public sealed record HealthMonitorInput : FleetInput, IFleetInput
{
    public string? Name { get; init; }

    public string? PoolId { get; init; }

    public string? Type { get; init; }

    public int? Delay { get; init; }

    public int? Timeout { get; init; }

    public int? MaxRetries { get; init; }

    public int? MaxRetriesDown { get; init; }

    public string? ExpectedCodes { get; init; }

    public string? UrlPath { get; init; }

    public string? HttpMethod { get; init; }

    public string? DomainName { get; init; }

    public int? MonitorPort { get; init; }

    public bool? AdminStateUp { get; init; }

    /// <summary>Null resets these to their default (member port, load balancer address, 200 or 0, /, GET).</summary>
    public static FrozenSet<string> NullableFields { get; } = FrozenSet.Create(StringComparer.Ordinal,
        "monitor_port", "domain_name", "expected_codes", "url_path", "http_method");

    public static string Kind => "health monitor";

    /// <summary>The check fields as a draft for <see cref="HealthMonitorValidator"/>.</summary>
    public HealthMonitorDraft ToDraft() => new()
    {
        Type = Type,
        Delay = Delay,
        Timeout = Timeout,
        MaxRetries = MaxRetries,
        MaxRetriesDown = MaxRetriesDown,
        ExpectedCodes = ExpectedCodes,
        UrlPath = UrlPath,
        HttpMethod = HttpMethod,
        DomainName = DomainName,
        MonitorPort = MonitorPort,
        AdminStateUp = AdminStateUp,
    };
}
