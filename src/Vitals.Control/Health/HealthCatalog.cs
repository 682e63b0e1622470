using Vitals.Core.Resources;
using Vitals.Storage;

namespace Vitals.Control.Health;

/// <summary>
/// The fleet in memory, indexed for the health views: member → pool, pool → monitor and members, listener → default
/// pool, monitor → pool. Dictionaries only, so a lookup never scans; everything is guarded by <see cref="Gate"/>.
/// </summary>
internal sealed class HealthCatalog
{
    private Action<string>? _poolWatcher;

    public Lock Gate { get; } = new();

    public Dictionary<string, CatalogMember> Members { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, CatalogPool> Pools { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Listener> Listeners { get; } = new(StringComparer.Ordinal);

    /// <summary>The load balancers, for the names notifications carry; they change no check.</summary>
    public Dictionary<string, LoadBalancer> LoadBalancers { get; } = new(StringComparer.Ordinal);

    /// <summary>Monitor id → pool id, so an update or delete naming only the monitor finds its pool.</summary>
    public Dictionary<string, string> MonitorPools { get; } = new(StringComparer.Ordinal);

    /// <summary>The pool entry for <paramref name="poolId"/>, created empty when unknown. Under <see cref="Gate"/>.</summary>
    public CatalogPool PoolOf(string poolId)
    {
        if (!Pools.TryGetValue(poolId, out var pool))
        {
            pool = new CatalogPool(poolId, Touched);
            Pools.Add(poolId, pool);
        }

        return pool;
    }

    /// <summary>
    /// Called under <see cref="Gate"/> with the id of every pool that changed (<see cref="CatalogPool.Touch"/>), or was
    /// removed; it must be quick and never throw. One watcher: the rotation book.
    /// </summary>
    public void WatchPools(Action<string> watcher) => _poolWatcher = watcher;

    /// <summary>The member and its pool, when the member exists.</summary>
    public (CatalogMember Member, CatalogPool Pool)? FindMember(string memberId)
    {
        lock (Gate)
        {
            return Members.TryGetValue(memberId, out var member) && Pools.TryGetValue(member.Member.PoolId, out var pool)
                ? (member, pool)
                : null;
        }
    }

    /// <summary>The pool and a stable array of its members, when the pool exists.</summary>
    public (CatalogPool Pool, CatalogMember[] Members)? FindPool(string poolId)
    {
        lock (Gate)
        {
            return Pools.TryGetValue(poolId, out var pool) && pool.Pool is not null ? (pool, pool.MembersArray) : null;
        }
    }

    /// <summary>The member, pool, monitor or listener of this id as the catalog holds it; null for other kinds or when unknown.</summary>
    public Resource? Find(ChangeKind kind, string id)
    {
        lock (Gate)
        {
            return kind switch
            {
                ChangeKind.Member => Members.GetValueOrDefault(id)?.Member,
                ChangeKind.ServerGroup => Pools.GetValueOrDefault(id)?.Pool,
                ChangeKind.HealthMonitor => MonitorPools.TryGetValue(id, out var poolId) ? Pools.GetValueOrDefault(poolId)?.Monitor : null,
                ChangeKind.Listener => Listeners.GetValueOrDefault(id),
                _ => null,
            };
        }
    }

    /// <summary>Adds every member, pool, monitor and listener the catalog holds to <paramref name="into"/>.</summary>
    public void CollectAll(ICollection<Resource> into)
    {
        lock (Gate)
        {
            foreach (var member in Members.Values)
            {
                into.Add(member.Member);
            }

            foreach (var pool in Pools.Values)
            {
                if (pool.Pool is not null)
                {
                    into.Add(pool.Pool);
                }

                if (pool.Monitor is not null)
                {
                    into.Add(pool.Monitor);
                }
            }

            foreach (var listener in Listeners.Values)
            {
                into.Add(listener);
            }
        }
    }

    public Listener? FindListener(string listenerId)
    {
        lock (Gate)
        {
            return Listeners.GetValueOrDefault(listenerId);
        }
    }

    private void Touched(string poolId) => _poolWatcher?.Invoke(poolId);
}
