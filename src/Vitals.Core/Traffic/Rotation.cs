using Vitals.Core.Probing;

namespace Vitals.Core.Traffic;

/// <summary>One member's rotation as <see cref="RotationRules"/> decides it.</summary>
/// <param name="State">What the load balancer should do with the member.</param>
/// <param name="Weight">The member's weight (1-100) when <see cref="RotationState.Ready"/>; 0 otherwise.</param>
/// <param name="Reason">Why it is <see cref="RotationState.Down"/> (or why a member kept in a panic failed).</param>
/// <param name="KeptByPanic">Ready only because its pool is in panic (<see cref="PoolPanic"/>): its checks fail.</param>
public readonly record struct Rotation(RotationState State, int Weight, ReasonCode Reason, bool KeptByPanic)
{
    /// <summary>Takes new traffic.</summary>
    public bool InRotation => State == RotationState.Ready;

    /// <summary>The lower-case word the APIs use: <c>unknown</c>, <c>ready</c>, <c>down</c>, <c>drain</c>, <c>maint</c>.</summary>
    public static string Wire(RotationState state) => state switch
    {
        RotationState.Unknown => "unknown",
        RotationState.Ready => "ready",
        RotationState.Down => "down",
        RotationState.Drain => "drain",
        RotationState.Maint => "maint",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
