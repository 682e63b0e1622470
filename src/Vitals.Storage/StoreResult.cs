namespace Vitals.Storage;

/// <summary>Factories for results that carry no value (deletes).</summary>
public static class StoreResult
{
    /// <summary>The value of a successful delete.</summary>
    public static StoreResult<Deleted> Deleted() => StoreResult<Deleted>.Ok(Storage.Deleted.Value);
}
