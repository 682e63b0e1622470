using System.Collections.Concurrent;
using Vitals.Control.Health;
using Vitals.Core.Health;
using Vitals.Core.Probing;
using Vitals.Core.Resources;
using Vitals.Core.Traffic;
using Vitals.Engine;

namespace Vitals.Control.Traffic;

/// <summary>
/// Every pool's rotation, decided from memory (the coordinator's catalog and the engine), never from the store: what
/// the agent check answers, what the HAProxy sync applies, what the API and the nginx export show. A pool is decided
/// again only after it changed (<see cref="CatalogPool.Version"/>), so a read of an unchanged pool is a dictionary hit.
/// </summary>
internal sealed class RotationBook
{
    private readonly HealthCatalog _catalog;
    private readonly HealthEngine _engine;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, PoolRotation> _decided = new(StringComparer.Ordinal);
    private Action<string>[] _watchers = [];

    internal RotationBook(HealthCatalog catalog, HealthEngine engine, TimeProvider time)
    {
        _catalog = catalog;
        _engine = engine;
        _time = time;
        catalog.WatchPools(OnPoolTouched);
    }

    /// <summary>
    /// Calls <paramref name="watcher"/> with the id of every pool whose rotation may have changed (or that was deleted),
    /// from the thread that changed it, under the catalog's gate: it must be quick and never throw (set a flag, signal).
    /// </summary>
    public void Watch(Action<string> watcher)
    {
        ArgumentNullException.ThrowIfNull(watcher);
        lock (_catalog.Gate)
        {
            _watchers = [.. _watchers, watcher];
        }
    }

    /// <summary>Stops calling a watcher given to <see cref="Watch"/>.</summary>
    public void Unwatch(Action<string> watcher)
    {
        lock (_catalog.Gate)
        {
            _watchers = [.. _watchers.Where(w => w != watcher)];
        }
    }

    /// <summary>The pool's rotation when the scope sees the pool; null when unknown or foreign.</summary>
    public PoolRotation? GetPool(ProjectScope scope, string poolId) =>
        Decide(poolId) is { } decided && scope.Sees(decided.Pool.ProjectId) ? decided : null;

    /// <summary>
    /// The member's rotation and its pool's, for the agent check: unscoped (the agent protocol has no caller), a member id
    /// being known only to whoever configured the load balancer.
    /// </summary>
    public (PoolRotation Pool, MemberRotation Member)? GetMember(string memberId)
    {
        if (_catalog.FindMember(memberId) is not { } found || Decide(found.Pool.Id) is not { } pool || pool.Find(memberId) is not { } member)
        {
            return null;
        }

        return (pool, member);
    }

    /// <summary>The ids of the pools the scope sees, of one load balancer when <paramref name="loadBalancerId"/> is given, by id.</summary>
    public List<string> Pools(ProjectScope scope, string? loadBalancerId = null)
    {
        var pools = new List<string>();
        lock (_catalog.Gate)
        {
            foreach (var pool in _catalog.Pools.Values)
            {
                if (pool.Pool is { } record && scope.Sees(record.ProjectId)
                    && (loadBalancerId is null || string.Equals(record.LoadBalancerId, loadBalancerId, StringComparison.Ordinal)))
                {
                    pools.Add(pool.Id);
                }
            }
        }

        pools.Sort(StringComparer.Ordinal);
        return pools;
    }

    private PoolRotation? Decide(string poolId)
    {
        CatalogMember[] members;
        ServerGroup record;
        bool checksOff;
        long version;
        lock (_catalog.Gate)
        {
            if (!_catalog.Pools.TryGetValue(poolId, out var pool) || pool.Pool is null)
            {
                return null;
            }

            version = pool.Version;
            if (_decided.TryGetValue(poolId, out var cached) && cached.Version == version)
            {
                return cached;
            }

            members = pool.MembersArray;
            record = pool.Pool;
            checksOff = !pool.HealthCheckEnabled;
        }

        var facts = new MemberFacts[members.Length];
        var details = new string?[members.Length];
        for (var i = 0; i < members.Length; i++)
        {
            facts[i] = Facts(members[i], record, checksOff, out details[i]);
        }

        var rotations = new Rotation[members.Length];
        var keptBefore = _decided.TryGetValue(poolId, out var previous) ? previous.Panic?.Kept : null;
        var panic = RotationRules.Decide(facts, record.MinHealthyPercent, keptBefore, rotations);
        var decided = new MemberRotation[members.Length];
        for (var i = 0; i < members.Length; i++)
        {
            var rotation = rotations[i];
            var failing = rotation.State == RotationState.Down || rotation.KeptByPanic;
            decided[i] = new MemberRotation(members[i].Member, rotation, failing ? details[i] : null) { Since = facts[i].Since };
        }

        var decision = new PoolRotation(record, version, decided, panic, _time.GetUtcNow());
        return _decided.AddOrUpdate(poolId, static (_, fresh) => fresh,
            static (_, existing, fresh) => existing.Version > fresh.Version ? existing : fresh, decision);
    }

    /// <summary>The facts of one member; the engine's counters are read only for a failing member (a panic may rank it).</summary>
    private MemberFacts Facts(CatalogMember entry, ServerGroup pool, bool checksOff, out string? detail)
    {
        var member = entry.Member;
        var status = entry.Status;
        var passes = 0;
        var failures = 0;
        var reason = ReasonCode.None;
        detail = null;
        if (status.State == HealthState.Unhealthy && _engine.GetMember(member.Id) is { } snapshot)
        {
            passes = snapshot.ConsecutivePasses;
            failures = snapshot.ConsecutiveFailures;
            if (snapshot.LastResult is { IsSuccess: false } last)
            {
                reason = last.Reason;
                detail = last.Detail;
            }
        }

        return new MemberFacts(member.Id, status.State, member.AdminStateUp && pool.AdminStateUp, member.Weight,
            checksOff, entry.Refusal is not null, status.Since, passes, failures, reason);
    }

    /// <summary>Under the catalog's gate: forget a deleted pool, then tell the watchers.</summary>
    private void OnPoolTouched(string poolId)
    {
        if (!_catalog.Pools.ContainsKey(poolId))
        {
            _decided.TryRemove(poolId, out _);
        }

        foreach (var watcher in _watchers)
        {
            watcher(poolId);
        }
    }
}
