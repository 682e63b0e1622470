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
internal sealed class HealthQuery(HealthCoordinator coordinator)
{
    /// <summary>Non-healthy members listed per pool unless asked otherwise: a fleet that is all down stays a small answer.</summary>
    public const int DefaultNonHealthyLimit = 100;

    /// <summary>The most a caller may ask for (dialects that page the whole list pass it).</summary>
    public const int MaxNonHealthyLimit = 100_000;

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
            return HealthViews.Unchecked(member, entry.Status.Since, entry.Restored);
        }

        // Until the engine has a result of its own, a resumed member shows the last check saved before the restart.
        var last = snapshot.LastResult ?? entry.Restored?.Last;
        var reason = HealthViews.FailureOf(last);
        return new MemberHealthDto(
            member.Id,
            member.PoolId,
            snapshot.State.ToString(),
            reason?.ToWire(),
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
                var snapshot = entry.Registered ? Engine.GetMember(member.Id) : null;
                var reason = snapshot is null ? null : HealthViews.FailureOf(snapshot.LastResult ?? entry.Restored?.Last);
                nonHealthy.Add(new NonHealthyMemberDto(member.Id, member.Address, member.ProtocolPort, member.InstanceId,
                    status.State.ToString(), reason?.ToWire(), reason?.ToNlb(), status.Since));
            }
        }

        var byState = new Dictionary<string, int>(StateNames.Length, StringComparer.Ordinal);
        for (var i = 0; i < StateNames.Length; i++)
        {
            byState[StateNames[i]] = counts[i];
        }

        return new PoolHealthDto(pool.Id, pool.HealthCheckEnabled, byState, members.Length, members.Length - counts[(int)HealthState.Healthy],
            nonHealthy);
    }
}
