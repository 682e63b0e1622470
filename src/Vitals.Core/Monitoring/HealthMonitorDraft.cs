using Vitals.Core.Resources;

namespace Vitals.Core.Monitoring;

/// <summary>
/// A health monitor as a user wrote it (API body, CLI options, fleet file): every field optional and untyped
/// where the wire is untyped. <see cref="HealthMonitorValidator.TryCreate"/> turns it into a
/// <see cref="HealthMonitorSpec"/> or a list of field errors. The fleet service's health monitor input is a draft with
/// a name and a pool, so the check fields are declared once, here.
/// </summary>
public record HealthMonitorDraft : FleetInput
{
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

    /// <summary>The draft that reproduces <paramref name="spec"/> exactly (for updates: draft = spec + changes).</summary>
    public static HealthMonitorDraft From(HealthMonitorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new HealthMonitorDraft
        {
            Type = spec.Type.ToWire(),
            Delay = spec.Delay,
            Timeout = spec.Timeout,
            MaxRetries = spec.MaxRetries,
            MaxRetriesDown = spec.MaxRetriesDown,
            ExpectedCodes = spec.ExpectedCodes.Text,
            UrlPath = spec.UrlPath,
            HttpMethod = spec.HttpMethod.ToWire(),
            DomainName = spec.DomainName,
            MonitorPort = spec.MonitorPort,
            AdminStateUp = spec.AdminStateUp,
        };
    }
}
