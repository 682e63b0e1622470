namespace Vitals.Core.Health;

/// <summary>What one observation changed: a transition of the member's state, and/or its flapping mark.</summary>
public readonly record struct TrackerUpdate(HealthTransition? Transition, bool FlappingChanged)
{
    public static TrackerUpdate None => default;
}
