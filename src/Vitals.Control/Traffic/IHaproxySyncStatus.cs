namespace Vitals.Control.Traffic;

/// <summary>
/// Where the API reads how far an HAProxy binding's sync has got. The fleet registers a default that knows nothing
/// (<see cref="NoHaproxySyncStatus"/>) with TryAdd; the sync service replaces it.
/// </summary>
public interface IHaproxySyncStatus
{
    /// <summary>The binding's sync status, or null when nothing syncs it (yet).</summary>
    HaproxySyncStatus? Get(string bindingId);
}
