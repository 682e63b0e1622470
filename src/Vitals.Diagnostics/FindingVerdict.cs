namespace Vitals.Diagnostics;

/// <summary>What a check concluded, and the overall verdict of a <see cref="Diagnosis"/>.</summary>
public enum FindingVerdict
{
    /// <summary>The check passed: nothing wrong here.</summary>
    Ok,

    /// <summary>The evidence shows something that makes (or will make) the health check fail.</summary>
    Problem,

    /// <summary>The evidence is not enough to say either way (no positive signal, or no time to look).</summary>
    CannotTell,

    /// <summary>
    /// The health check passes, but the evidence shows something that hurts clients the check cannot see (a backend that
    /// accepts TCP connections and resets them passes a plain TCP check).
    /// </summary>
    Warning,
}
