namespace Vitals.Storage;

/// <summary>How a store call ended, for the outcomes a caller expects (bugs and I/O failures still throw).</summary>
public enum StoreOutcome
{
    /// <summary>Done; the value (if any) is what is now stored.</summary>
    Ok,

    /// <summary>
    /// The resource, or a resource it refers to, does not exist in the caller's project (a foreign id is not found).
    /// <see cref="StoreResult{T}.Field"/> names the reference when it is not the resource itself.
    /// </summary>
    NotFound,

    /// <summary>A uniqueness or "in use" rule refused the change; nothing was written.</summary>
    Conflict,
}
