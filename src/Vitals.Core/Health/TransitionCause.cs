namespace Vitals.Core.Health;

/// <summary>What moved a member from one state to another.</summary>
public enum TransitionCause : byte
{
    /// <summary>Consecutive check results crossed the rise or fall threshold.</summary>
    Checks,

    /// <summary>Checking was switched off (Unavailable) or on again (Initial).</summary>
    ChecksToggled,

    /// <summary>The weight became 0 (Unused) or non-zero again.</summary>
    Weight,

    /// <summary>The member's monitor changed, so its verdict starts over.</summary>
    MonitorChanged,
}
