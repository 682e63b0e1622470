using Vitals.Core.Resources;

namespace Vitals.Core.Instances;

/// <summary>Everything <see cref="InstanceHealthRules.Evaluate"/> reads about one instance; plain data, no clock.</summary>
public sealed record InstanceHealthInput
{
    /// <summary>When the instance was registered.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    public IReadOnlyList<MaintenanceWindow> MaintenanceWindows { get; init; } = [];

    /// <summary>The members that run on this instance.</summary>
    public IReadOnlyList<MemberHealthInput> Members { get; init; } = [];

    /// <summary>Null when the instance has no node_exporter configured.</summary>
    public HostMetricsInput? HostMetrics { get; init; }

    /// <summary>Null when the instance has no reachability check of its own.</summary>
    public ReachabilityInput? Reachability { get; init; }

    public InstanceHealthThresholds Thresholds { get; init; } = InstanceHealthThresholds.Default;
}
