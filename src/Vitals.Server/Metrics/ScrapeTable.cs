using System.Buffers;
using Vitals.Core.Health;
using Vitals.Engine;
using Vitals.Server.Auth;
using Vitals.Server.Health;

namespace Vitals.Server.Metrics;

/// <summary>
/// What one scrape shows, read once: every member and pool the caller may see, with their label blocks encoded once
/// (UTF-8, escaped) so that each metric family copies bytes instead of encoding strings again. The arrays are rented
/// and go back to the pool on <see cref="Dispose"/>.
/// </summary>
internal sealed class ScrapeTable : IDisposable
{
    // A label block is ~150 bytes (ids are ~40 characters); the buffer grows when names are longer.
    private const int BytesPerMember = 192;

    private readonly PooledByteBuffer _labels;
    private MemberRow[] _members;
    private PoolRow[] _pools;

    private ScrapeTable(int members, int pools)
    {
        _labels = new PooledByteBuffer((members + pools) * BytesPerMember);
        _members = ArrayPool<MemberRow>.Shared.Rent(Math.Max(members, 1));
        _pools = ArrayPool<PoolRow>.Shared.Rent(Math.Max(pools, 1));
    }

    public int MemberCount { get; private set; }

    public int PoolCount { get; private set; }

    public ReadOnlySpan<MemberRow> Members => _members.AsSpan(0, MemberCount);

    public ReadOnlySpan<PoolRow> Pools => _pools.AsSpan(0, PoolCount);

    public ReadOnlySpan<byte> Labels(int start, int length) => _labels.Slice(start, length);

    /// <summary>
    /// Copies the catalog's member and pool references under its gate (nothing else), then reads them without it, so
    /// the engine's events never wait for a scrape. States are the catalog's reported ones (as the API's lists show);
    /// the newest check costs one engine snapshot per checked member.
    /// </summary>
    public static ScrapeTable Read(HealthCatalog catalog, HealthEngine engine, Caller caller)
    {
        CatalogMember[] entries;
        CatalogPool[] pools;
        int memberTotal, poolTotal;
        lock (catalog.Gate)
        {
            memberTotal = catalog.Members.Count;
            poolTotal = catalog.Pools.Count;
            entries = ArrayPool<CatalogMember>.Shared.Rent(Math.Max(memberTotal, 1));
            pools = ArrayPool<CatalogPool>.Shared.Rent(Math.Max(poolTotal, 1));
            catalog.Members.Values.CopyTo(entries, 0);
            catalog.Pools.Values.CopyTo(pools, 0);
        }

        var table = new ScrapeTable(memberTotal, poolTotal);
        try
        {
            var writer = new PrometheusTextWriter(table._labels);
            var poolIndex = table.AddPools(writer, pools.AsSpan(0, poolTotal), caller);
            table.AddMembers(writer, entries.AsSpan(0, memberTotal), poolIndex, engine, caller);
            writer.Commit();
            return table;
        }
        catch
        {
            table.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<CatalogMember>.Shared.Return(entries, clearArray: true);
            ArrayPool<CatalogPool>.Shared.Return(pools, clearArray: true);
        }
    }

    public void Dispose()
    {
        _labels.Dispose();
        if (_members.Length > 0)
        {
            ArrayPool<MemberRow>.Shared.Return(_members);
            ArrayPool<PoolRow>.Shared.Return(_pools);
            _members = [];
            _pools = [];
        }
    }

    /// <summary>The visible pools (those whose record is known), each with its label block; pool id → row.</summary>
    private Dictionary<string, (int Row, CatalogPool Pool)> AddPools(PrometheusTextWriter writer, ReadOnlySpan<CatalogPool> pools, Caller caller)
    {
        var index = new Dictionary<string, (int, CatalogPool)>(pools.Length, StringComparer.Ordinal);
        foreach (var pool in pools)
        {
            if (pool.Pool is not { } record)
            {
                // Members referring to it still show (with an empty load balancer); the pool itself is not known yet.
                index[pool.Id] = (-1, pool);
                continue;
            }

            if (!HealthQuery.Sees(caller, record.ProjectId))
            {
                continue;
            }

            ref var row = ref _pools[PoolCount];
            row = default;
            row.LabelStart = (int)writer.BytesWritten;
            writer.Label("project"u8, record.ProjectId, first: true);
            writer.Label("loadbalancer"u8, record.LoadBalancerId);
            writer.Label("pool"u8, record.Id);
            row.LabelLength = (int)writer.BytesWritten - row.LabelStart;
            index[pool.Id] = (PoolCount, pool);
            PoolCount++;
        }

        return index;
    }

    private void AddMembers(PrometheusTextWriter writer, ReadOnlySpan<CatalogMember> entries,
        Dictionary<string, (int Row, CatalogPool Pool)> pools, HealthEngine engine, Caller caller)
    {
        foreach (var entry in entries)
        {
            var member = entry.Member;
            if (!HealthQuery.Sees(caller, member.ProjectId))
            {
                continue;
            }

            var status = entry.Status;
            var (poolRow, pool) = pools.TryGetValue(member.PoolId, out var found) ? found : (-1, null);
            if (poolRow >= 0)
            {
                Count(ref _pools[poolRow], status.State);
            }

            ref var row = ref _members[MemberCount++];
            row = default;
            row.State = status.State;
            row.Flapping = status.Flapping;
            row.SinceSeconds = status.Since.ToUnixTimeMilliseconds() / 1000.0;
            row.LabelStart = (int)writer.BytesWritten;
            writer.Label("project"u8, member.ProjectId, first: true);
            writer.Label("pool"u8, member.PoolId);
            writer.Label("member"u8, member.Id);
            row.IdentityLength = (int)writer.BytesWritten - row.LabelStart;
            writer.Label("loadbalancer"u8, pool?.Pool?.LoadBalancerId ?? "");
            writer.Label("name"u8, member.Name);
            writer.Label("address"u8, member.Address);
            writer.Label("port"u8, member.ProtocolPort);
            row.LabelLength = (int)writer.BytesWritten - row.LabelStart;

            // As the API shows it: the engine's newest result, else the one saved before a restart.
            var snapshot = entry.Registered ? engine.GetMember(member.Id) : null;
            if (snapshot is not null && (snapshot.LastResult ?? entry.Restored?.Last) is { } last)
            {
                row.HasCheck = true;
                row.LastSuccess = last.IsSuccess;
                row.LastDurationSeconds = Math.Max(last.Timings.TotalMicros, 0) / 1e6;
                row.LastTimestampSeconds = last.CheckedAt.ToUnixTimeMilliseconds() / 1000.0;
                row.LastReason = last.Reason;
                row.LastCheckCode = last.CheckCode;
            }
        }
    }

    private static void Count(ref PoolRow pool, HealthState state)
    {
        switch (state)
        {
            case HealthState.Initial: pool.Initial++; break;
            case HealthState.Healthy: pool.Healthy++; break;
            case HealthState.Unhealthy: pool.Unhealthy++; break;
            case HealthState.Unused: pool.Unused++; break;
            default: pool.Unavailable++; break;
        }
    }
}
