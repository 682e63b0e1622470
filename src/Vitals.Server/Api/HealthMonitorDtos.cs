using System.Text.Json.Serialization;
using Vitals.Core.Monitoring;
using Vitals.Core.Resources;

namespace Vitals.Server.Api;

/// <summary>A health monitor as the API shows it: every field of the check, defaults filled in.</summary>
public sealed record HealthMonitorDto(string Id, long NumericId, string ProjectId, string Name, string PoolId, string Type, int Delay,
    int Timeout, int MaxRetries, int MaxRetriesDown, string ExpectedCodes, string UrlPath, string HttpMethod, string? DomainName,
    int? MonitorPort, bool AdminStateUp, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : IResourceDto
{
    public static HealthMonitorDto From(HealthMonitor h)
    {
        ArgumentNullException.ThrowIfNull(h);
        var s = h.Spec;
        return new(h.Id, h.NumericId, h.ProjectId, h.Name, h.PoolId, s.Type.ToWire(), s.Delay, s.Timeout, s.MaxRetries, s.MaxRetriesDown,
            s.ExpectedCodes.Text, s.UrlPath, s.HttpMethod.ToWire(), s.DomainName, s.MonitorPort, s.AdminStateUp, h.CreatedAt, h.UpdatedAt);
    }
}

/// <summary>A page of health monitors.</summary>
public sealed record HealthMonitorListDto(
    [property: JsonPropertyName("healthmonitors")] IReadOnlyList<HealthMonitorDto> HealthMonitors, string? NextMarker, int TotalCount);
