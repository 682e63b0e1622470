using Vitals.Core.Monitoring;

namespace Vitals.Core.Health;

/// <summary>Rise (<c>max_retries</c>) and fall (<c>max_retries_down</c>) counts.</summary>
public readonly record struct HealthThresholds(int Rise, int Fall)
{
    public static HealthThresholds From(HealthMonitorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new HealthThresholds(spec.MaxRetries, spec.MaxRetriesDown);
    }
}
