namespace Vitals.Core.Instances;

/// <summary>The limits of <see cref="InstanceHealthRules"/>. Defaults are documented in docs/instance-health.md.</summary>
public sealed record InstanceHealthThresholds
{
    public static InstanceHealthThresholds Default { get; } = new();

    /// <summary>How long after registration an instance without any verdict is Initializing.</summary>
    /// <value>5 minutes.</value>
    public TimeSpan InitializingWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Data older than this many of its own intervals is stale.</summary>
    /// <value>3.</value>
    public int StaleAfterIntervals { get; init; } = 3;

    /// <summary>Warning above this 1-minute load per CPU.</summary>
    /// <value>2.0 (two runnable tasks waiting per CPU).</value>
    public double MaxLoadPerCpu { get; init; } = 2.0;

    /// <summary>Warning below this share of memory available.</summary>
    /// <value>0.10.</value>
    public double MinMemoryAvailableRatio { get; init; } = 0.10;

    /// <summary>Warning below this share of the root filesystem free.</summary>
    /// <value>0.10.</value>
    public double MinDiskFreeRatio { get; init; } = 0.10;
}
