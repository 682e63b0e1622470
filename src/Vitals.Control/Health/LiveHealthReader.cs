using System.Buffers;
using Vitals.Core.Health;
using Vitals.Core.Instances;
using Vitals.Core.Probing;
using Vitals.Core.Resources;
using Vitals.Engine;

namespace Vitals.Control.Health;

/// <summary>
/// The one door to live health: member, pool, listener and project health read from the coordinator's catalog and the
/// engine's snapshots, never from the store, as typed values. The restore fallback (a resumed member shows the check
/// saved before the restart until the engine has its own) and project scoping live here, once: an id of another
/// project answers null, exactly like an unknown one. The native API, metrics, console data, instance health and every
/// dialect map from what it returns.
/// </summary>
internal sealed partial class LiveHealthReader
{
    /// <summary>Non-healthy members listed per pool unless asked otherwise: a fleet that is all down stays a small answer.</summary>
    public const int DefaultNonHealthyLimit = 100;

    /// <summary>The most a caller may ask for (dialects that page the whole list pass it).</summary>
    public const int MaxNonHealthyLimit = 100_000;

    /// <summary>The most the project overview lists (<c>GET /api/v1/health</c>).</summary>
    public const int MaxProjectNonHealthyLimit = 1000;

    private readonly HealthCatalog _catalog;
    private readonly HealthEngine _engine;

    internal LiveHealthReader(HealthCatalog catalog, HealthEngine engine)
    {
        _catalog = catalog;
        _engine = engine;
    }

    /// <summary>The engine's load and counters since start.</summary>
    public EngineStatus GetEngineStatus() => _engine.GetStatus();

    /// <summary>How late checks started against their due time, since start.</summary>
    public LagDistribution GetStartLagDistribution() => _engine.GetStartLagDistribution();

    /// <summary>The member's stored record when the scope sees it.</summary>
    public Member? FindMember(ProjectScope scope, string memberId) =>
        _catalog.FindMember(memberId) is { } found && scope.Sees(found.Member.Member.ProjectId) ? found.Member.Member : null;

    /// <summary>The member's record, its pool's and the pool's monitor, when the scope sees it.</summary>
    public (Member Member, ServerGroup? Pool, HealthMonitor? Monitor)? FindMemberWithPool(ProjectScope scope, string memberId) =>
        _catalog.FindMember(memberId) is { } found && scope.Sees(found.Member.Member.ProjectId)
            ? (found.Member.Member, found.Pool.Pool, found.Pool.Monitor)
            : null;

    /// <summary>The listener as the catalog holds it, when the scope sees it.</summary>
    public Listener? FindListener(ProjectScope scope, string listenerId) =>
        _catalog.FindListener(listenerId) is { } listener && scope.Sees(listener.ProjectId) ? listener : null;

    /// <summary>The project a pool belongs to, when the scope sees it.</summary>
    public string? ProjectOfPool(ProjectScope scope, string poolId) =>
        _catalog.FindPool(poolId) is { } found && scope.Sees(found.Pool.Pool!.ProjectId) ? found.Pool.Pool!.ProjectId : null;

    /// <summary>
    /// One member's health, with the engine's own view of its state (fresher than the lists' reported state by at most
    /// one event); an unchecked member is Unavailable with the switch that keeps it so.
    /// </summary>
    public MemberLiveHealth? GetMember(ProjectScope scope, string memberId)
    {
        if (_catalog.FindMember(memberId) is not { } found || !scope.Sees(found.Member.Member.ProjectId))
        {
            return null;
        }

        var entry = found.Member;
        var member = entry.Member;
        if (!entry.Registered || _engine.GetMember(member.Id) is not { } snapshot)
        {
            return new MemberLiveHealth(member, found.Pool.Pool, HealthState.Unavailable, entry.Status.Since, Flapping: false, Restored: false,
                Checked: false, Last: null, entry.Restored?.Last?.CheckedAt, HealthReasons.Unavailable(member, found.Pool, entry.Refusal), 0, 0,
                MemberLiveHealth.Endpoint(member.Address, member.ProtocolPort));
        }

        // Until the engine has a result of its own, a resumed member shows the last check saved before the restart.
        var last = snapshot.LastResult ?? entry.Restored?.Last;
        return new MemberLiveHealth(member, found.Pool.Pool, snapshot.State, snapshot.Since, snapshot.IsFlapping, snapshot.IsRestored,
            Checked: true, last, last?.CheckedAt, HealthReasons.Current(snapshot.State, last, snapshot, member, found.Pool),
            snapshot.ConsecutivePasses, snapshot.ConsecutiveFailures, snapshot.Target);
    }

    /// <summary>The member's recent results from the engine's ring, newest first, at most <paramref name="limit"/>.</summary>
    public ProbeResult[] GetResults(string memberId, int limit)
    {
        var history = _engine.GetHistory(memberId);
        var results = new ProbeResult[Math.Clamp(limit, 0, history.Count)];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = history[history.Count - 1 - i];
        }

        return results;
    }

    /// <summary>The member's recent results from the engine's ring, oldest first (all the engine keeps).</summary>
    public IReadOnlyList<ProbeResult> GetHistory(string memberId) => _engine.GetHistory(memberId);

    public PoolLiveHealth? GetPool(ProjectScope scope, string poolId, int nonHealthyLimit = DefaultNonHealthyLimit)
    {
        if (_catalog.FindPool(poolId) is not { } found || !scope.Sees(found.Pool.Pool!.ProjectId))
        {
            return null;
        }

        return PoolHealth(found.Pool, found.Members, nonHealthyLimit);
    }

    public ListenerLiveHealth? GetListener(ProjectScope scope, string listenerId, int nonHealthyLimit = DefaultNonHealthyLimit)
    {
        if (_catalog.FindListener(listenerId) is not { } listener || !scope.Sees(listener.ProjectId))
        {
            return null;
        }

        var pools = new List<PoolLiveHealth>(1);
        if (listener.DefaultPoolId is { } poolId && _catalog.FindPool(poolId) is { } found)
        {
            pools.Add(PoolHealth(found.Pool, found.Members, nonHealthyLimit));
        }

        return new ListenerLiveHealth(listener, pools);
    }

    /// <summary>
    /// Every member of a pool in the scope with its reported state (no engine snapshot), in member id order; null when
    /// the pool is unknown or not in the scope. <see cref="GetListedMember"/> gives the detail of those a page shows.
    /// </summary>
    public (ServerGroup Pool, bool HealthCheckEnabled, IReadOnlyList<(Member Member, HealthState State)> Members)? GetPoolStates(ProjectScope scope,
        string poolId)
    {
        if (_catalog.FindPool(poolId) is not { } found || !scope.Sees(found.Pool.Pool!.ProjectId))
        {
            return null;
        }

        var members = new (Member, HealthState)[found.Members.Length];
        for (var i = 0; i < members.Length; i++)
        {
            var entry = found.Members[i];
            members[i] = (entry.Member, entry.Status.State);
        }

        return (found.Pool.Pool!, found.Pool.HealthCheckEnabled, members);
    }

    /// <summary>
    /// Counts and the non-healthy members over the scope, or over one pool of it when <paramref name="poolId"/> is given,
    /// read from the catalog's reported states: only the listed members cost an engine snapshot.
    /// </summary>
    public ProjectLiveHealth GetProject(ProjectScope scope, int nonHealthyLimit = DefaultNonHealthyLimit, string? poolId = null)
    {
        // Copied out under the gate (references only), then read without it, so engine events never wait for a scan.
        CatalogMember[] entries;
        int total;
        lock (_catalog.Gate)
        {
            total = _catalog.Members.Count;
            entries = ArrayPool<CatalogMember>.Shared.Rent(Math.Max(total, 1));
            _catalog.Members.Values.CopyTo(entries, 0);
        }

        var statuses = ArrayPool<MemberStatus>.Shared.Rent(Math.Max(total, 1));
        var keys = ArrayPool<ulong>.Shared.Rent(Math.Max(total, 1));
        var order = ArrayPool<int>.Shared.Rent(Math.Max(total, 1));
        try
        {
            // One pass: count, and move the non-healthy to the front with their status as read now and a sort key.
            Span<int> counts = stackalloc int[HealthCounts.StateCount];
            var flapping = 0;
            var nonHealthy = 0;
            for (var i = 0; i < total; i++)
            {
                var entry = entries[i];
                if (!scope.Sees(entry.Member.ProjectId) || (poolId is not null && !string.Equals(entry.Member.PoolId, poolId, StringComparison.Ordinal)))
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
            var listed = new MemberLiveHealth[Math.Min(nonHealthyLimit, nonHealthy)];
            OrderTiesById(keys, order, entries, listed.Length, nonHealthy);
            for (var i = 0; i < listed.Length; i++)
            {
                var entry = entries[order[i]];
                listed[i] = Live(entry, PoolOf(entry.Member.PoolId), statuses[order[i]]);
            }

            return new ProjectLiveHealth(HealthCounts.From(counts, flapping), listed);
        }
        finally
        {
            ArrayPool<CatalogMember>.Shared.Return(entries, clearArray: true);
            ArrayPool<MemberStatus>.Shared.Return(statuses, clearArray: true);
            ArrayPool<ulong>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(order);
        }
    }

    /// <summary>One member as the lists show it (its reported state, not the engine's own view); null when not in the scope.</summary>
    public MemberLiveHealth? GetListedMember(ProjectScope scope, string memberId) =>
        _catalog.FindMember(memberId) is { } found && scope.Sees(found.Member.Member.ProjectId)
            ? Live(found.Member, found.Pool, found.Member.Status)
            : null;

    /// <summary>
    /// The live health of one page of stored members (from the fleet service), in the page's order. A member committed
    /// but not yet seen by the coordinator (it is told right after the commit) is Initial: nothing decided.
    /// </summary>
    public MemberLiveHealth[] GetMembers(IReadOnlyList<Member> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var rows = new MemberLiveHealth[page.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var member = page[i];
            rows[i] = _catalog.FindMember(member.Id) is { } found
                ? Live(found.Member, found.Pool, found.Member.Status)
                : new MemberLiveHealth(member, null, HealthState.Initial, member.CreatedAt, Flapping: false, Restored: false, Checked: false,
                    Last: null, LastCheckedAt: null, HealthReasons.NotDecided, 0, 0, MemberLiveHealth.Endpoint(member.Address, member.ProtocolPort));
        }

        return rows;
    }

    /// <summary>The live states of the members on the given instances, grouped by instance id: one pass over the catalog.</summary>
    public Dictionary<string, List<MemberHealthInput>> GetInstanceMembers(IReadOnlySet<string> instanceIds)
    {
        ArgumentNullException.ThrowIfNull(instanceIds);
        var found = new List<(string InstanceId, CatalogMember Entry, TimeSpan Interval)>();
        lock (_catalog.Gate)
        {
            foreach (var entry in _catalog.Members.Values)
            {
                if (entry.Member.InstanceId is { } instanceId && instanceIds.Contains(instanceId))
                {
                    var interval = _catalog.Pools.TryGetValue(entry.Member.PoolId, out var pool) && pool.Monitor is { } monitor
                        ? monitor.Spec.DelaySpan
                        : TimeSpan.Zero;
                    found.Add((instanceId, entry, interval));
                }
            }
        }

        // Engine snapshots are read outside the catalog gate, which the coordinator needs for every engine event.
        var byInstance = new Dictionary<string, List<MemberHealthInput>>(StringComparer.Ordinal);
        foreach (var (instanceId, entry, interval) in found)
        {
            var snapshot = entry.Registered ? _engine.GetMember(entry.Member.Id) : null;
            var state = entry.Registered ? entry.Status.State : HealthState.Unavailable;
            var input = new MemberHealthInput(state, snapshot?.IsFlapping ?? false, snapshot?.LastResult?.CheckedAt, interval);
            if (!byInstance.TryGetValue(instanceId, out var list))
            {
                list = [];
                byInstance[instanceId] = list;
            }

            list.Add(input);
        }

        return byInstance;
    }

    private PoolLiveHealth PoolHealth(CatalogPool pool, CatalogMember[] members, int nonHealthyLimit)
    {
        // States only: no pool answer shows a flapping count, and this pass is the cost of every pool and listener read
        // (reading the mark too cost 12-16 % of the listener-health throughput at 2,000 members a pool, bench/README.md).
        Span<int> counts = stackalloc int[HealthCounts.StateCount];
        var nonHealthy = new List<MemberLiveHealth>();
        foreach (var entry in members)
        {
            var status = entry.Status;
            counts[(int)status.State]++;
            if (status.State != HealthState.Healthy && nonHealthy.Count < nonHealthyLimit)
            {
                // Only the listed members cost an engine snapshot (for their reason); counting reads the catalog alone.
                nonHealthy.Add(Live(entry, pool, status));
            }
        }

        return new PoolLiveHealth(pool.Pool!, pool.Monitor, pool.HealthCheckEnabled, HealthCounts.From(counts, flapping: 0), nonHealthy);
    }

    /// <summary>
    /// A member as the lists show it: its reported <paramref name="status"/>, the engine's snapshot for the run lengths,
    /// the newest check (or the one saved before a restart) and the reason in words.
    /// </summary>
    private MemberLiveHealth Live(CatalogMember entry, CatalogPool? pool, MemberStatus status)
    {
        var member = entry.Member;
        var snapshot = entry.Registered ? _engine.GetMember(member.Id) : null;
        var last = snapshot is null ? null : snapshot.LastResult ?? entry.Restored?.Last;
        var reason = pool is null ? null
            : entry.Refusal is not null && status.State == HealthState.Unavailable ? HealthReasons.Unavailable(member, pool, entry.Refusal)
            : HealthReasons.Current(status.State, last, snapshot, member, pool);
        return new MemberLiveHealth(member, pool?.Pool, status.State, status.Since, status.Flapping, snapshot?.IsRestored ?? false,
            entry.Registered, last, last?.CheckedAt, reason, snapshot?.ConsecutivePasses ?? 0, snapshot?.ConsecutiveFailures ?? 0,
            snapshot?.Target ?? MemberLiveHealth.Endpoint(member.Address, member.ProtocolPort));
    }

    private CatalogPool? PoolOf(string poolId)
    {
        lock (_catalog.Gate)
        {
            return _catalog.Pools.GetValueOrDefault(poolId);
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
}
