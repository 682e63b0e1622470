using Vitals.Core.Health;

namespace Vitals.Core.Instances;

/// <summary>One member running on the instance, as its tracker sees it.</summary>
/// <param name="State">Its current health state.</param>
/// <param name="Flapping">Whether its flap detector says it is flapping.</param>
/// <param name="LastCheckedAt">When its last check completed; null when it has never been checked.</param>
/// <param name="CheckInterval">Its monitor's interval (staleness is measured in intervals).</param>
public sealed record MemberHealthInput(HealthState State, bool Flapping, DateTimeOffset? LastCheckedAt, TimeSpan CheckInterval)
{
    /// <summary>False for Unused (weight 0) and Unavailable (checks off) members: they say nothing about health.</summary>
    public bool IsChecked => State is HealthState.Initial or HealthState.Healthy or HealthState.Unhealthy;
}
