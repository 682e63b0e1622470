using System.Buffers;

namespace Vitals.Control.Health;

internal sealed partial class LiveHealthReader
{
    /// <summary>
    /// Hands every pool and member the scope sees to <paramref name="visitor"/>. Copies the catalog's references under its gate (nothing else), then reads
    /// them without it, so the engine's events never wait for a whole-fleet read. States are the reported ones (as the
    /// lists show them); the newest check costs one engine snapshot per checked member.
    /// </summary>
    public void Scan<TVisitor>(ProjectScope scope, ref TVisitor visitor)
        where TVisitor : struct, ILiveVisitor
    {
        CatalogMember[] entries;
        CatalogPool[] pools;
        int memberTotal, poolTotal;
        lock (_catalog.Gate)
        {
            memberTotal = _catalog.Members.Count;
            poolTotal = _catalog.Pools.Count;
            entries = ArrayPool<CatalogMember>.Shared.Rent(Math.Max(memberTotal, 1));
            pools = ArrayPool<CatalogPool>.Shared.Rent(Math.Max(poolTotal, 1));
            _catalog.Members.Values.CopyTo(entries, 0);
            _catalog.Pools.Values.CopyTo(pools, 0);
        }

        try
        {
            visitor.Begin(memberTotal, poolTotal);
            var poolById = new Dictionary<string, CatalogPool>(poolTotal, StringComparer.Ordinal);
            for (var i = 0; i < poolTotal; i++)
            {
                var pool = pools[i];
                poolById[pool.Id] = pool;
                if (pool.Pool is { } record && scope.Sees(record.ProjectId))
                {
                    visitor.Pool(record);
                }
            }

            for (var i = 0; i < memberTotal; i++)
            {
                var entry = entries[i];
                var member = entry.Member;
                if (!scope.Sees(member.ProjectId))
                {
                    continue;
                }

                var status = entry.Status;
                var snapshot = entry.Registered ? _engine.GetMember(member.Id) : null;
                var last = snapshot is null ? null : snapshot.LastResult ?? entry.Restored?.Last;
                visitor.Member(new LiveMemberRow(member, poolById.GetValueOrDefault(member.PoolId)?.Pool, status.State, status.Since, status.Flapping, last));
            }
        }
        finally
        {
            ArrayPool<CatalogMember>.Shared.Return(entries, clearArray: true);
            ArrayPool<CatalogPool>.Shared.Return(pools, clearArray: true);
        }
    }
}
