namespace Vitals.Core.Health;

/// <summary>
/// The check-driven part of a member's health: Initial, Healthy or Unhealthy, and the run of equal results that
/// leads towards the next verdict.
/// </summary>
public readonly record struct TrackerState(HealthState State, int Passes, int Failures)
{
    public static TrackerState Initial { get; } = new(HealthState.Initial, 0, 0);
}
