namespace Vitals.Control.Fleet;

/// <summary>How a fleet call ended; each surface maps it to its own status codes and error shape.</summary>
public enum FleetOutcome
{
    /// <summary>Read, updated or deleted.</summary>
    Ok,

    /// <summary>A new resource was stored.</summary>
    Created,

    /// <summary>The input broke field rules; <see cref="FleetResult{T}.Errors"/> lists every one. Nothing was written.</summary>
    Invalid,

    /// <summary>
    /// The resource, or one the input refers to (then <see cref="FleetResult{T}.Field"/> names it), does not exist in
    /// the caller's project. Nothing was written.
    /// </summary>
    NotFound,

    /// <summary>A uniqueness or "in use" rule refused the change; nothing was written.</summary>
    Conflict,
}
