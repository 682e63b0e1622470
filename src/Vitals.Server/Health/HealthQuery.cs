using Vitals.Control.Fleet;
using Vitals.Control.Health;
using Vitals.Control.Traffic;
using Vitals.Core.Probing;
using Vitals.Core.Resources;
using Vitals.Server.Auth;

namespace Vitals.Server.Health;

/// <summary>
/// The native API's live status: reads the typed values of <see cref="LiveHealthReader"/> in the caller's scope and maps
/// them to the wire shapes of <c>/api/v1</c> (the console reads the same). Every lookup is scoped: an id of another
/// project answers null, exactly like an unknown one.
/// </summary>
internal sealed class HealthQuery(LiveHealthReader reader, RotationBook rotations)
{
    public const int DefaultNonHealthyLimit = LiveHealthReader.DefaultNonHealthyLimit;

    public const int MaxNonHealthyLimit = LiveHealthReader.MaxNonHealthyLimit;

    public const int MaxProjectNonHealthyLimit = LiveHealthReader.MaxProjectNonHealthyLimit;

    /// <summary>The member's stored record when the caller may see it.</summary>
    public Member? FindMember(Caller caller, string memberId) => reader.FindMember(caller.Scope, memberId);

    public MemberHealthDto? GetMember(Caller caller, string memberId) =>
        reader.GetMember(caller.Scope, memberId) is { } live ? HealthViews.Member(live) : null;

    /// <summary>The member's recent results from the engine's ring, newest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<ResultDto> GetResults(string memberId, int limit)
    {
        var history = reader.GetResults(memberId, limit);
        var results = new ResultDto[history.Length];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = HealthViews.Result(history[i]);
        }

        return results;
    }

    public PoolHealthDto? GetPool(Caller caller, string poolId, int nonHealthyLimit = DefaultNonHealthyLimit) =>
        reader.GetPool(caller.Scope, poolId, nonHealthyLimit) is { } live ? HealthViews.Pool(live, rotations.GetPool(caller.Scope, poolId)) : null;

    public ListenerHealthDto? GetListener(Caller caller, string listenerId, int nonHealthyLimit = DefaultNonHealthyLimit)
    {
        if (reader.GetListener(caller.Scope, listenerId, nonHealthyLimit) is not { } live)
        {
            return null;
        }

        var pools = new PoolHealthDto[live.Pools.Count];
        for (var i = 0; i < pools.Length; i++)
        {
            pools[i] = HealthViews.Pool(live.Pools[i], rotations.GetPool(caller.Scope, live.Pools[i].Pool.Id));
        }

        return new ListenerHealthDto(live.Listener.Id, live.Listener.Protocol.ToWire(), live.Listener.ProtocolPort, pools);
    }

    /// <summary>Counts and the non-healthy members over the caller's project (every project for the admin), or one pool of it.</summary>
    public ProjectHealthDto GetProject(Caller caller, int nonHealthyLimit = DefaultNonHealthyLimit, string? poolId = null)
    {
        var live = reader.GetProject(caller.Scope, nonHealthyLimit, poolId);
        var listed = new ProjectNonHealthyMemberDto[live.NonHealthy.Count];
        for (var i = 0; i < listed.Length; i++)
        {
            var m = live.NonHealthy[i];
            var member = m.Member;
            var failure = m.Failure;
            listed[i] = new ProjectNonHealthyMemberDto(member.Id, member.Name, member.PoolId, m.Pool?.Name ?? "", member.Address, member.ProtocolPort,
                member.InstanceId, m.State.ToString(), failure?.ToWire(), m.Reason, failure?.ToNlb(), m.Last?.CheckCode.ToWire(), m.Since, m.Flapping);
        }

        var counts = live.Counts;
        return new ProjectHealthDto(HealthViews.ByState(counts), counts.Total, counts.NonHealthy, counts.Flapping, listed);
    }

    /// <summary>The project a pool belongs to, when the caller may see it (the admin sees every pool).</summary>
    public string? ProjectOfPool(Caller caller, string poolId) => reader.ProjectOfPool(caller.Scope, poolId);

    /// <summary>The live health of one page of stored members (from the fleet service), in the page's order.</summary>
    public PoolMemberHealthDto[] GetMembers(IReadOnlyList<Member> page) => HealthViews.PoolMembers(reader.GetMembers(page));

    /// <summary>One page of a pool's members that match <paramref name="search"/>; see <see cref="LiveHealthReader.SearchPoolMembers"/>.</summary>
    public PoolMembersHealthDto? SearchPoolMembers(Caller caller, string poolId, MemberSearch search, FleetPaging paging, out string? markerError) =>
        reader.SearchPoolMembers(caller.Scope, poolId, search, paging, out markerError) is { } page
            ? new PoolMembersHealthDto(HealthViews.PoolMembers(page.Members), page.Next, page.Total)
            : null;
}
