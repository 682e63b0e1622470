using Vitals.Core.Health;
using Vitals.Core.Notifications;
using static Vitals.Core.Tests.Notifications.Fleet;

namespace Vitals.Core.Tests.Notifications;

public sealed class NotificationPlannerFlappingTests
{
    private readonly NotificationPlanner _sut = new();
    private readonly List<NotificationEvent> _out = [];

    /// <summary>Flips the member <paramref name="count"/> times, a minute apart from <paramref name="start"/>; returns the last state.</summary>
    private HealthState Flip(MemberRef member, DateTimeOffset start, int count, bool? firstMark = null)
    {
        var state = HealthState.Healthy;
        for (var i = 0; i < count; i++)
        {
            var at = start.AddMinutes(i);
            var change = state == HealthState.Healthy ? Down(member, at) : Up(member, at);
            _sut.OnTransition(change, i == 0 ? firstMark : null, _out);
            state = change.To;
        }

        return state;
    }

    [Fact]
    public void Flapping_StartedAndStopped_AreTheOnlyTwoEvents()
    {
        var member = Member(Pool(), 1);

        var last = Flip(member, T0, 21, firstMark: true);
        _sut.OnFlapping(member, false, last, T0.AddMinutes(40), _out);

        Assert.Equal([NotificationKind.FlappingStarted, NotificationKind.FlappingStopped], _out.Select(e => e.Kind));
        var started = _out[0].Flap!.Value;
        Assert.Equal((HealthState.Healthy, HealthState.Unhealthy, 1, T0, HealthState.Unhealthy),
            (started.Between, started.And, started.Flips, started.FirstAt, started.FinalState));
        Assert.Equal(T0, _out[0].At);
        var stopped = _out[1].Flap!.Value;
        Assert.Equal((21, T0, T0.AddMinutes(20), HealthState.Unhealthy), (stopped.Flips, stopped.FirstAt, stopped.LastAt, stopped.FinalState));
        Assert.Equal(T0.AddMinutes(40), _out[1].At);
        Assert.Equal(0, _sut.FlappingCount);
        Assert.Null(_sut.NextDue);
    }

    [Fact]
    public void Flapping_HeldTransitions_OpenNoWindow()
    {
        var member = Member(Pool(), 1);
        Flip(member, T0, 5, firstMark: true);

        Assert.Equal(0, _sut.OpenWindows);
        Assert.Equal(1, _sut.FlappingCount);
    }

    [Fact]
    public void Flapping_MarkClearedWithATransition_StopsWithThatState()
    {
        var member = Member(Pool(), 1);
        Flip(member, T0, 4, firstMark: true);

        _sut.OnTransition(Down(member, T0.AddMinutes(30)), false, _out);

        var stopped = _out[^1];
        Assert.Equal(NotificationKind.FlappingStopped, stopped.Kind);
        Assert.Equal((5, HealthState.Unhealthy, T0.AddMinutes(30)), (stopped.Flap!.Value.Flips, stopped.Flap.Value.FinalState, stopped.At));
    }

    [Fact]
    public void AfterFlapping_TheNextTransitionGoesOutAsUsual()
    {
        var member = Member(Pool(), 1);
        var last = Flip(member, T0, 6, firstMark: true);
        _sut.OnFlapping(member, false, last, T0.AddMinutes(20), _out);

        _sut.OnTransition(Up(member, T0.AddMinutes(21)), null, _out);

        Assert.Equal(NotificationKind.MemberTransition, _out[^1].Kind);
        Assert.Equal(3, _out.Count);
    }

    [Fact]
    public void OnFlapping_MarkWithoutTransition_StartsAndStopsOnce()
    {
        var member = Member(Pool(), 1);

        _sut.OnFlapping(member, true, HealthState.Unhealthy, T0, _out);
        _sut.OnFlapping(member, true, HealthState.Unhealthy, T0.AddSeconds(1), _out);
        _sut.OnFlapping(member, false, HealthState.Healthy, T0.AddMinutes(5), _out);
        _sut.OnFlapping(member, false, HealthState.Healthy, T0.AddMinutes(6), _out);

        Assert.Equal([NotificationKind.FlappingStarted, NotificationKind.FlappingStopped], _out.Select(e => e.Kind));
        Assert.Equal((HealthState.Unhealthy, HealthState.Unhealthy), (_out[0].Flap!.Value.Between, _out[0].Flap!.Value.And));
        Assert.Equal(HealthState.Healthy, _out[1].Flap!.Value.FinalState);
    }

    [Fact]
    public void ClearedMark_NotFlapping_IsAPlainTransition()
    {
        _sut.OnTransition(Down(Member(Pool(), 1), T0), false, _out);

        Assert.Equal(NotificationKind.MemberTransition, Assert.Single(_out).Kind);
    }

    [Fact]
    public void FlappingInsideAnOutage_StartsAtOnceAndLeavesTheGroup()
    {
        var pool = Pool();
        var flapper = Member(pool, 7);
        _sut.OnTransition(Down(Member(pool, 0), T0), null, _out);
        _sut.OnTransition(Down(flapper, T0.AddSeconds(1)), null, _out);
        for (var i = 1; i < 50; i++)
        {
            _sut.OnTransition(Down(Member(pool, 100 + i), T0.AddSeconds(1)), null, _out);
        }

        // The flapper's next flip marks it flapping: told at once, not at the window's end; its change waiting in the
        // window is superseded by that event, and its later flips are held.
        _sut.OnTransition(Up(flapper, T0.AddSeconds(2)), true, _out);
        _sut.OnTransition(Down(flapper, T0.AddSeconds(3)), null, _out);
        _sut.OnTransition(Up(flapper, T0.AddSeconds(4)), null, _out);
        _sut.Tick(T0.AddSeconds(5), _out);

        Assert.Equal([NotificationKind.MemberTransition, NotificationKind.FlappingStarted, NotificationKind.PoolGrouped],
            _out.Select(e => e.Kind));
        var group = _out[2].Group!;
        Assert.Equal((49, 49, 49), (group.MembersTotal, group.ChangesTotal, group.Members.Count));
        Assert.DoesNotContain(group.Members, m => m.Member == flapper);
        Assert.Equal(Enumerable.Range(101, 49).Select(i => $"mbr-sgp-1-{i}"), group.Members.Select(m => m.Member.MemberId));
    }

    [Fact]
    public void LoneFlapper_ItsWaitingFlipsAreSupersededByTheFlappingEvent()
    {
        var member = Member(Pool(), 1);

        // Four flips a second apart: the first goes out, the next three wait in the window; the fifth marks it flapping.
        _sut.OnTransition(Down(member, T0), null, _out);
        _sut.OnTransition(Up(member, T0.AddSeconds(1)), null, _out);
        _sut.OnTransition(Down(member, T0.AddSeconds(2)), null, _out);
        _sut.OnTransition(Up(member, T0.AddSeconds(3)), null, _out);
        _sut.OnTransition(Down(member, T0.AddSeconds(4)), true, _out);
        _sut.Tick(T0.AddMinutes(1), _out);
        _sut.OnFlapping(member, false, HealthState.Unhealthy, T0.AddMinutes(20), _out);

        Assert.Equal([NotificationKind.MemberTransition, NotificationKind.FlappingStarted, NotificationKind.FlappingStopped],
            _out.Select(e => e.Kind));
        Assert.Null(_sut.NextDue);
    }

    [Fact]
    public void FlapperBeyondTheGroupCap_IsUncountedToo()
    {
        var sut = new NotificationPlanner(new NotificationPlannerOptions { MaxGroupedMembers = 2 });
        var pool = Pool();
        sut.OnTransition(Down(Member(pool, 0), T0), null, _out);
        for (var i = 1; i <= 4; i++)
        {
            sut.OnTransition(Down(Member(pool, i), T0.AddSeconds(1)), null, _out);
        }

        sut.OnTransition(Up(Member(pool, 4), T0.AddSeconds(2)), null, _out);

        // Member 1 is listed, member 4 only counted (two changes): both leave when they start flapping.
        sut.OnTransition(Up(Member(pool, 1), T0.AddSeconds(3)), true, _out);
        sut.OnTransition(Down(Member(pool, 4), T0.AddSeconds(3)), true, _out);
        sut.Tick(T0.AddSeconds(5), _out);

        var group = _out[^1].Group!;
        Assert.Equal((2, 2), (group.MembersTotal, group.ChangesTotal));

        // The slot member 1 frees is not refilled: member 3 was only counted, its details were not kept.
        Assert.Equal(["mbr-sgp-1-2"], group.Members.Select(m => m.Member.MemberId));
        Assert.True(group.Truncated);
    }

    [Fact]
    public void MemberRemoved_WhileFlapping_ClosesTheFlap()
    {
        var member = Member(Pool(), 1);
        Flip(member, T0, 3, firstMark: true);

        _sut.OnMemberRemoved(member.MemberId, T0.AddMinutes(10), _out);
        _sut.OnMemberRemoved(member.MemberId, T0.AddMinutes(11), _out);

        Assert.Equal([NotificationKind.FlappingStarted, NotificationKind.FlappingStopped], _out.Select(e => e.Kind));
        Assert.Equal("The member was deleted while flapping.", _out[1].Detail);
        Assert.Equal((3, HealthState.Unhealthy), (_out[1].Flap!.Value.Flips, _out[1].Flap!.Value.FinalState));
        Assert.Equal(0, _sut.FlappingCount);
    }

    [Fact]
    public void PoolRemoved_ClosesTheFlapsOfItsMembersOnly()
    {
        var pool = Pool();
        var other = Pool("sgp-2");
        Flip(Member(pool, 1), T0, 2, firstMark: true);
        Flip(Member(pool, 2), T0, 2, firstMark: true);
        Flip(Member(other, 1), T0, 2, firstMark: true);
        _out.Clear();

        _sut.OnPoolRemoved(pool.PoolId, T0.AddMinutes(5), _out);

        Assert.Equal(2, _out.Count);
        Assert.All(_out, e => Assert.Equal((NotificationKind.FlappingStopped, "sgp-1"), (e.Kind, e.Pool!.PoolId)));
        Assert.Equal(1, _sut.FlappingCount);
    }
}
