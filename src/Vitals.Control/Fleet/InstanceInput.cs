using System.Collections.Frozen;
using Vitals.Core.Resources;

namespace Vitals.Control.Fleet;

/// <summary>An instance (machine) as sent; every field can change.</summary>
public sealed record InstanceInput : FleetInput, IFleetInput
{
    public string? Name { get; init; }

    public string? Region { get; init; }

    public string? Address { get; init; }

    /// <summary>Where its node_exporter serves metrics; null removes it.</summary>
    public string? NodeExporterUrl { get; init; }

    /// <summary>Replaces every window when sent.</summary>
    public IReadOnlyList<MaintenanceWindowInput>? MaintenanceWindows { get; init; }

    public static FrozenSet<string> NullableFields { get; } = FrozenSet.Create(StringComparer.Ordinal, "node_exporter_url");

    public static string Kind => "instance";
}
