using Vitals.Core.Resources;
using Vitals.Storage;

namespace Vitals.Control.Fleet;

/// <summary>
/// Resources an <see cref="IFleetObserver"/> holds in memory, as it last heard of them. A change another node made
/// arrives as a kind and an id; for a delete the record is gone from the store, so the follower tells the observers
/// what it was from here (see docs/storage.md, "Several nodes").
/// </summary>
public interface IKnownResources
{
    /// <summary>The record of this kind and id as last heard of; null when this component does not hold it.</summary>
    Resource? Find(ChangeKind kind, string id);

    /// <summary>Adds every record this component holds to <paramref name="into"/> (to find what a reload no longer has).</summary>
    void CollectKnown(ICollection<Resource> into);
}
