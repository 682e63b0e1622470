namespace Vitals.Core.Resources;

/// <summary>A machine (ECS-like) that runs members; its own health derives from them, its host metrics and maintenance.</summary>
public sealed record Instance : Resource
{
    public string Region { get; init; } = ResourceRules.DefaultRegion;

    /// <summary>IPv4 or IPv6 literal of the machine.</summary>
    public required string Address { get; init; }

    /// <summary>Where its node_exporter serves metrics, e.g. <c>http://10.0.0.5:9100/metrics</c>.</summary>
    public string? NodeExporterUrl { get; init; }

    public IReadOnlyList<MaintenanceWindow> MaintenanceWindows { get; init; } = [];
}
