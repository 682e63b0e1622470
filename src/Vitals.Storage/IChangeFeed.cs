namespace Vitals.Storage;

/// <summary>
/// The changes nodes sharing one store make, so that each follows the others' within a second. A store shared by
/// several nodes (<see cref="Postgres.PostgresStore.Changes"/>) writes one <see cref="StoreChange"/> per resource
/// changed, in the write's own transaction, and wakes the other nodes when it commits; the rows are the durable
/// truth (a wake-up lost while a node was disconnected costs only latency), the wake-up only makes it quick. The
/// SQLite store has one node and no feed.
/// </summary>
public interface IChangeFeed
{
    /// <summary>The node this store writes as <see cref="StoreChange.Origin"/>: its own changes are the ones it skips.</summary>
    string NodeId { get; }

    /// <summary>The newest change's <see cref="StoreChange.Seq"/> (0 when none): where a node about to load the fleet starts following.</summary>
    Task<long> LatestAsync(CancellationToken cancellationToken);

    /// <summary>At most <paramref name="limit"/> changes after <paramref name="after"/>, in commit order, every node's.</summary>
    Task<ChangeBatch> ReadAfterAsync(long after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Listens until cancelled: calls <paramref name="wake"/> once each time the listening connection is (re)established
    /// (so the caller catches up on what it missed meanwhile) and on every change another node commits. A lost
    /// connection is reopened after a growing pause (capped); failures are logged, never thrown.
    /// </summary>
    Task ListenAsync(Action wake, CancellationToken cancellationToken);

    /// <summary>Deletes the changes committed before <paramref name="before"/>; returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
