using Vitals.Core.Resources;

namespace Vitals.Control.Fleet;

/// <summary>
/// Told of every committed change to the fleet, in commit order, so the engine follows configuration within a
/// second. Called synchronously after the store has committed: implementations must be quick and never throw.
/// </summary>
public interface IFleetObserver
{
    /// <summary>A resource was created or updated (the stored record, with ids and instants set).</summary>
    void OnUpserted(Resource resource);

    /// <summary>A resource was deleted (the record as it was before the delete).</summary>
    void OnDeleted(Resource resource);
}
