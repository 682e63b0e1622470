using System.Buffers;
using Vitals.Core.Health;
using Vitals.Core.Probing;
using Vitals.Core.Resources;
using Vitals.Engine;
using Vitals.Server.Auth;

namespace Vitals.Server.Health;

/// <summary>
/// Live status read from the coordinator's catalog and the engine's snapshots, never from the store: member, pool and
/// listener health. Every lookup is scoped: an id of another project answers null, exactly like an unknown one.
/// </summary>
internal sealed partial class HealthQuery(HealthCoordinator coordinator)
{
    /// <summary>Non-healthy members listed per pool unless asked otherwise: a fleet that is all down stays a small answer.</summary>
    public const int DefaultNonHealthyLimit = 100;

    /// <summary>The most a caller may ask for (dialects that page the whole list pass it).</summary>
    public const int MaxNonHealthyLimit = 100_000;

    /// <summary>The most the project overview lists (<c>GET /api/v1/health</c>).</summary>
    public const int MaxProjectNonHealthyLimit = 1000;

    private static readonly string[] StateNames = Enum.GetNames<HealthState>();

    private HealthCatalog Catalog => coordinator.Catalog;

    private HealthEngine Engine => coordinator.Engine;

    public static bool Sees(Caller caller, string projectId) =>
        caller.IsAdmin || string.Equals(caller.ProjectId, projectId, StringComparison.Ordinal);

    /// <summary>The member's stored record when the caller may see it.</summary>
    public Member? FindMember(Caller caller, string memberId) =>
        Catalog.FindMember(memberId) is { } found && Sees(caller, found.Member.Member.ProjectId) ? found.Member.Member : null;

    public MemberHealthDto? GetMember(Caller caller, string memberId)
    {
        if (Catalog.FindMember(memberId) is not { } found || !Sees(caller, found.Member.Member.ProjectId))
        {
            return null;
        }

        var entry = found.Member;
        var member = entry.Member;
        if (!entry.Registered || Engine.GetMember(member.Id) is not { } snapshot)
        {
            return HealthViews.Unchecked(member, entry.Status.Since, entry.Restored, HealthReasons.Unavailable(member, found.Pool));
        }

        // Until the engine has a result of its own, a resumed member shows the last check saved before the restart.
        var last = snapshot.LastResult ?? entry.Restored?.Last;
        var reason = HealthViews.FailureOf(last);
        return new MemberHealthDto(
            member.Id,
            member.PoolId,
            snapshot.State.ToString(),
            reason?.ToWire(),
            HealthReasons.Current(snapshot.State, last, snapshot, member, found.Pool),
            reason?.ToNlb(),
            last?.CheckCode.ToWire(),
            last?.CheckStatus,
            last?.StatusCode,
            last?.Content,
            last is { } r ? HealthViews.Timings(r.Timings) : null,
            last?.CheckedAt,
            snapshot.Since,
            snapshot.IsFlapping,
            snapshot.IsRestored,
            snapshot.ConsecutivePasses,
            snapshot.ConsecutiveFailures,
            snapshot.Target);
    }

    /// <summary>The member's recent results from the engine's ring, newest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<ResultDto> GetResults(string memberId, int limit)
    {
        var history = Engine.GetHistory(memberId);
        var count = Math.Min(limit, history.Count);
        var results = new ResultDto[count];
        for (var i = 0; i < count; i++)
        {
            results[i] = HealthViews.Result(history[history.Count - 1 - i]);
        }

        return results;
    }

    public PoolHealthDto? GetPool(Caller caller, string poolId, int nonHealthyLimit = DefaultNonHealthyLimit)
    {
        if (Catalog.FindPool(poolId) is not { } found || !Sees(caller, found.Pool.Pool!.ProjectId))
        {
            return null;
        }

        return PoolHealth(found.Pool, found.Members, nonHealthyLimit);
    }

    public ListenerHealthDto? GetListener(Caller caller, string listenerId, int nonHealthyLimit = DefaultNonHealthyLimit)
    {
        if (Catalog.FindListener(listenerId) is not { } listener || !Sees(caller, listener.ProjectId))
        {
            return null;
        }

        var pools = new List<PoolHealthDto>(1);
        if (listener.DefaultPoolId is { } poolId && Catalog.FindPool(poolId) is { } found)
        {
            pools.Add(PoolHealth(found.Pool, found.Members, nonHealthyLimit));
        }

        return new ListenerHealthDto(listener.Id, listener.Protocol.ToWire(), listener.ProtocolPort, pools);
    }

    /// <summary>
    /// Counts and the non-healthy members over a whole project (every project for the admin), or over one pool of it
    /// when <paramref name="poolId"/> is given, read from the catalog's reported states: only the listed members cost an
    /// engine snapshot.
    /// </summary>
    public ProjectHealthDto GetProject(Caller caller, int nonHealthyLimit = DefaultNonHealthyLimit, string? poolId = null)
    {
        // Copied out under the gate (references only), then read without it, so engine events never wait for a scan.
        CatalogMember[] entries;
        int total;
        lock (Catalog.Gate)
        {
            total = Catalog.Members.Count;
            entries = ArrayPool<CatalogMember>.Shared.Rent(Math.Max(total, 1));
            Catalog.Members.Values.CopyTo(entries, 0);
        }

        var statuses = ArrayPool<MemberStatus>.Shared.Rent(Math.Max(total, 1));
        var keys = ArrayPool<ulong>.Shared.Rent(Math.Max(total, 1));
        var order = ArrayPool<int>.Shared.Rent(Math.Max(total, 1));
        try
        {
            // One pass: count, and move the non-healthy to the front with their status as read now and a sort key.
            Span<int> counts = stackalloc int[StateNames.Length];
            var flapping = 0;
            var nonHealthy = 0;
            for (var i = 0; i < total; i++)
            {
                var entry = entries[i];
                if (!Sees(caller, entry.Member.ProjectId) || (poolId is not null && !string.Equals(entry.Member.PoolId, poolId, StringComparison.Ordinal)))
                {
                    continue;
                }

                var status = entry.Status;
                counts[(int)status.State]++;
                flapping += status.Flapping ? 1 : 0;
                if (status.State != HealthState.Healthy)
                {
                    entries[nonHealthy] = entry;
                    statuses[nonHealthy] = status;
                    keys[nonHealthy] = SortKey(status);
                    order[nonHealthy] = nonHealthy;
                    nonHealthy++;
                }
            }

            // Sorting integer keys is several times cheaper than comparing records (10,000 members: ~1 ms, not ~7 ms).
            Array.Sort(keys, order, 0, nonHealthy);
            var listed = new ProjectNonHealthyMemberDto[Math.Min(nonHealthyLimit, nonHealthy)];
            OrderTiesById(keys, order, entries, listed.Length, nonHealthy);
            for (var i = 0; i < listed.Length; i++)
            {
                var entry = entries[order[i]];
                var status = statuses[order[i]];
                var member = entry.Member;
                var pool = PoolOf(member.PoolId);
                var live = Live(entry, pool, status);
                listed[i] = new ProjectNonHealthyMemberDto(member.Id, member.Name, member.PoolId, pool?.Pool?.Name ?? "", member.Address,
                    member.ProtocolPort, member.InstanceId, status.State.ToString(), live.Failure?.ToWire(), live.Reason, live.Failure?.ToNlb(),
                    live.Last?.CheckCode.ToWire(), status.Since, status.Flapping);
            }

            var members = 0;
            foreach (var count in counts)
            {
                members += count;
            }

            return new ProjectHealthDto(ByState(counts), members, members - counts[(int)HealthState.Healthy], flapping, listed);
        }
        finally
        {
            ArrayPool<CatalogMember>.Shared.Return(entries, clearArray: true);
            ArrayPool<MemberStatus>.Shared.Return(statuses, clearArray: true);
            ArrayPool<ulong>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(order);
        }
    }

    /// <summary>The project a pool belongs to, when the caller may see it (the admin sees every pool).</summary>
    public string? ProjectOfPool(Caller caller, string poolId) =>
        Catalog.FindPool(poolId) is { } found && Sees(caller, found.Pool.Pool!.ProjectId) ? found.Pool.Pool!.ProjectId : null;

    /// <summary>The live health of one page of stored members (from the fleet service), in the page's order.</summary>
    public PoolMemberHealthDto[] GetMembers(IReadOnlyList<Member> page)
    {
        var rows = new PoolMemberHealthDto[page.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var member = page[i];
            if (Catalog.FindMember(member.Id) is not { } found)
            {
                // Committed but not yet seen by the coordinator (it is told right after the commit): nothing decided.
                rows[i] = new PoolMemberHealthDto(member.Id, member.Name, member.Address, member.ProtocolPort, member.Weight,
                    member.AdminStateUp, member.InstanceId, nameof(HealthState.Initial), null, HealthReasons.NotDecided, null, null, null, null,
                    member.CreatedAt, null, null, Flapping: false, Restored: false);
                continue;
            }

            var status = found.Member.Status;
            var live = Live(found.Member, found.Pool, status);
            var last = live.Last;
            rows[i] = new PoolMemberHealthDto(member.Id, member.Name, member.Address, member.ProtocolPort, member.Weight, member.AdminStateUp,
                member.InstanceId, status.State.ToString(), live.Failure?.ToWire(), live.Reason, live.Failure?.ToNlb(), last?.CheckCode.ToWire(),
                last?.CheckStatus, last?.StatusCode, status.Since, last?.CheckedAt, last?.Timings.TotalMs, status.Flapping,
                live.Snapshot?.IsRestored ?? false);
        }

        return rows;
    }

    private PoolHealthDto PoolHealth(CatalogPool pool, CatalogMember[] members, int nonHealthyLimit)
    {
        Span<int> counts = stackalloc int[StateNames.Length];
        var nonHealthy = new List<NonHealthyMemberDto>();
        foreach (var entry in members)
        {
            var status = entry.Status;
            counts[(int)status.State]++;
            if (status.State != HealthState.Healthy && nonHealthy.Count < nonHealthyLimit)
            {
                // Only the listed members cost an engine snapshot (for their reason); counting reads the catalog alone.
                var member = entry.Member;
                var live = Live(entry, pool, status);
                nonHealthy.Add(new NonHealthyMemberDto(member.Id, member.Address, member.ProtocolPort, member.InstanceId,
                    status.State.ToString(), live.Failure?.ToWire(), live.Reason, live.Failure?.ToNlb(), status.Since));
            }
        }

        return new PoolHealthDto(pool.Id, pool.HealthCheckEnabled, ByState(counts), members.Length, members.Length - counts[(int)HealthState.Healthy],
            nonHealthy);
    }

    /// <summary>
    /// What the lists show of one member beyond its reported state: the engine's snapshot, the newest check (or the one
    /// saved before a restart), its failure and the reason in words.
    /// </summary>
    private LiveHealth Live(CatalogMember entry, CatalogPool? pool, MemberStatus status)
    {
        var snapshot = entry.Registered ? Engine.GetMember(entry.Member.Id) : null;
        var last = snapshot is null ? null : snapshot.LastResult ?? entry.Restored?.Last;
        var failure = HealthViews.FailureOf(last);
        var reason = pool is null ? null : HealthReasons.Current(status.State, last, snapshot, entry.Member, pool);
        return new LiveHealth(snapshot, last, failure, reason);
    }

    private CatalogPool? PoolOf(string poolId)
    {
        lock (Catalog.Gate)
        {
            return Catalog.Pools.GetValueOrDefault(poolId);
        }
    }

    /// <summary>
    /// Unhealthy first, then Initial, Unavailable, Unused (two high bits); within a state the newest <c>since</c> first
    /// (the low bits count down from the latest representable time).
    /// </summary>
    private static ulong SortKey(MemberStatus status)
    {
        ulong rank = status.State switch
        {
            HealthState.Unhealthy => 0,
            HealthState.Initial => 1,
            HealthState.Unavailable => 2,
            _ => 3,
        };
        return (rank << 62) | (ulong)(DateTimeOffset.MaxValue.UtcTicks - status.Since.UtcTicks);
    }

    /// <summary>
    /// Members with the same state and <c>since</c> (those loaded together at start share it) are put in member id order,
    /// so pages of the list are stable; only the runs that reach into the first <paramref name="listed"/> are sorted.
    /// </summary>
    private static void OrderTiesById(ulong[] keys, int[] order, CatalogMember[] entries, int listed, int count)
    {
        IComparer<int>? byId = null;
        var start = 0;
        while (start < listed)
        {
            var end = start + 1;
            while (end < count && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                byId ??= Comparer<int>.Create((a, b) => string.CompareOrdinal(entries[a].Member.Id, entries[b].Member.Id));
                Array.Sort(order, start, end - start, byId);
            }

            start = end;
        }
    }

    private static Dictionary<string, int> ByState(ReadOnlySpan<int> counts)
    {
        var byState = new Dictionary<string, int>(StateNames.Length, StringComparer.Ordinal);
        for (var i = 0; i < StateNames.Length; i++)
        {
            byState[StateNames[i]] = counts[i];
        }

        return byState;
    }
}
