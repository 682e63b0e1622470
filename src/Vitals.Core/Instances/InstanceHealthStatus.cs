namespace Vitals.Core.Instances;

/// <summary>
/// An instance's health in the ECS vocabulary (alibaba-ecs.md §1). The member names are the API's wire values
/// (<c>HealthStatus.Name</c>); <see cref="InstanceHealthStatuses"/> holds the numeric codes and parsing.
/// </summary>
public enum InstanceHealthStatus : byte
{
    /// <summary>Passed: every check says the instance is fine.</summary>
    Ok,

    /// <summary>The instance is damaged: unreachable, or every member on it is down.</summary>
    Impaired,

    /// <summary>At risk: some members down or flapping, or the host short of CPU, memory or disk.</summary>
    Warning,

    /// <summary>A maintenance window covers now.</summary>
    Maintaining,

    /// <summary>Just registered; no check has produced a verdict yet.</summary>
    Initializing,

    /// <summary>The data needed to decide is missing or stale.</summary>
    InsufficientData,

    /// <summary>Nothing checks this instance.</summary>
    NotApplicable,
}
