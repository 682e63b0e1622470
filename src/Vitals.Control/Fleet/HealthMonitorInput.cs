using System.Collections.Frozen;
using Vitals.Core.Monitoring;

namespace Vitals.Control.Fleet;

/// <summary>
/// A health monitor as sent: its pool (fixed at creation), a name, and every field of the check (those of
/// <see cref="HealthMonitorDraft"/>, which <see cref="HealthMonitorValidator"/> reads).
/// </summary>
public sealed record HealthMonitorInput : HealthMonitorDraft, IFleetInput
{
    public string? Name { get; init; }

    public string? PoolId { get; init; }

    /// <summary>Null resets these to their default (member port, load balancer address, 200 or 0, /, GET).</summary>
    public static FrozenSet<string> NullableFields { get; } = FrozenSet.Create(StringComparer.Ordinal,
        "monitor_port", "domain_name", "expected_codes", "url_path", "http_method");

    public static string Kind => "health monitor";
}
