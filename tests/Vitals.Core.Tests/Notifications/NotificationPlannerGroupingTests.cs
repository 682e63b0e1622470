using Vitals.Core.Health;
using Vitals.Core.Notifications;
using Vitals.Core.Probing;
using static Vitals.Core.Tests.Notifications.Fleet;

namespace Vitals.Core.Tests.Notifications;

public sealed class NotificationPlannerGroupingTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);
    private readonly NotificationPlanner _sut = new();
    private readonly List<NotificationEvent> _out = [];

    [Fact]
    public void OnTransition_QuietPool_GoesOutAtOnce()
    {
        var member = Member(Pool(), 1);

        _sut.OnTransition(Down(member, T0), null, _out);

        var evt = Assert.Single(_out);
        Assert.Equal(NotificationKind.MemberTransition, evt.Kind);
        Assert.Same(member, evt.Member);
        Assert.Equal(T0, evt.At);
        Assert.Equal(T0 + Window, _sut.NextDue);
    }

    [Theory]
    [InlineData(HealthState.Initial, HealthState.Healthy, false)]
    [InlineData(HealthState.Unavailable, HealthState.Initial, false)]
    [InlineData(HealthState.Healthy, HealthState.Initial, false)]
    [InlineData(HealthState.Initial, HealthState.Unhealthy, true)]
    [InlineData(HealthState.Unavailable, HealthState.Healthy, true)]
    [InlineData(HealthState.Healthy, HealthState.Unused, true)]
    public void OnTransition_AFirstHealthyVerdictOrAReturnToInitial_IsNotNews(HealthState from, HealthState to, bool news)
    {
        var member = Member(Pool(), 1);

        _sut.OnTransition(Down(member, T0) with { From = from, To = to }, null, _out);

        Assert.Equal(news, NotificationPlanner.IsNews(from, to));
        Assert.Equal(news ? 1 : 0, _out.Count);
        Assert.Equal(news ? 1 : 0, _sut.OpenWindows);
    }

    [Fact]
    public void Tick_WindowWithoutFurtherChanges_SendsNothingAndLeavesThePoolQuiet()
    {
        var pool = Pool();
        _sut.OnTransition(Down(Member(pool, 1), T0), null, _out);
        _out.Clear();

        _sut.Tick(T0 + Window, _out);
        _sut.OnTransition(Down(Member(pool, 2), T0 + Window + TimeSpan.FromMilliseconds(1)), null, _out);

        Assert.Equal(NotificationKind.MemberTransition, Assert.Single(_out).Kind);
        Assert.Equal(1, _sut.OpenWindows);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(200)]
    [InlineData(500)]
    public void Outage_ManyMembersAtOnce_IsExactlyTwoEvents(int members)
    {
        var pool = Pool();
        for (var i = 0; i < members; i++)
        {
            _sut.OnTransition(Down(Member(pool, i), T0.AddMilliseconds(i)), null, _out);
        }

        Assert.Single(_out);
        _sut.Tick(T0 + Window - TimeSpan.FromTicks(1), _out);
        Assert.Single(_out);

        _sut.Tick(T0 + Window, _out);

        Assert.Equal(2, _out.Count);
        var grouped = _out[1];
        Assert.Equal(NotificationKind.PoolGrouped, grouped.Kind);
        Assert.Equal(T0 + Window, grouped.At);
        Assert.Equal(members - 1, grouped.Group!.MembersTotal);
        Assert.Equal(members - 1, grouped.Group.Members.Count);
        Assert.False(grouped.Group.Truncated);
        Assert.Equal("mbr-sgp-1-1", grouped.Group.Members[0].Member.MemberId);
        Assert.All(grouped.Group.Members, m => Assert.Equal((HealthState.Healthy, HealthState.Unhealthy, ReasonCode.ConnectFailed, 1),
            (m.From, m.To, m.Reason, m.Changes)));
        _sut.Tick(T0 + (Window * 10), _out);
        Assert.Equal(2, _out.Count);
        Assert.Null(_sut.NextDue);
    }

    [Fact]
    public void Outage_BeyondTheCap_ListsTheFirstAndCountsAll()
    {
        var pool = Pool();
        for (var i = 0; i < 10_001; i++)
        {
            _sut.OnTransition(Down(Member(pool, i), T0), null, _out);
        }

        _sut.Tick(T0 + Window, _out);

        var group = _out[1].Group!;
        Assert.Equal(500, group.Members.Count);
        Assert.Equal(10_000, group.MembersTotal);
        Assert.Equal(10_000, group.ChangesTotal);
        Assert.True(group.Truncated);
        Assert.Equal("mbr-sgp-1-500", group.Members[^1].Member.MemberId);
    }

    [Fact]
    public void Window_IsFixedFromTheFirstChange_NotExtendedByLaterOnes()
    {
        var pool = Pool();
        _sut.OnTransition(Down(Member(pool, 0), T0), null, _out);
        _sut.OnTransition(Down(Member(pool, 1), T0.AddSeconds(4.9)), null, _out);

        // The change at 5.5 s is after the first window: it does not stretch it, it lands in the next one.
        _sut.OnTransition(Down(Member(pool, 2), T0.AddSeconds(5.5)), null, _out);

        Assert.Equal(2, _out.Count);
        Assert.Equal(T0.AddSeconds(5), _out[1].At);
        Assert.Equal(["mbr-sgp-1-1"], _out[1].Group!.Members.Select(m => m.Member.MemberId));
        Assert.Equal(T0.AddSeconds(10), _sut.NextDue);

        _sut.Tick(T0.AddSeconds(10), _out);

        Assert.Equal(3, _out.Count);
        Assert.Equal(T0.AddSeconds(5), _out[2].Group!.WindowStart);
        Assert.Equal(["mbr-sgp-1-2"], _out[2].Group!.Members.Select(m => m.Member.MemberId));
    }

    [Fact]
    public void Trickle_OneChangeASecond_IsNeverHeldLongerThanAWindow()
    {
        var pool = Pool();
        for (var s = 0; s < 30; s++)
        {
            var at = T0.AddSeconds(s);
            _sut.Tick(at, _out);
            _sut.OnTransition(Down(Member(pool, s), at), null, _out);
        }

        _sut.Tick(T0.AddSeconds(60), _out);

        // One at once, then one grouped event per window: 0 s, then 5, 10, 15, 20, 25, 30.
        Assert.Equal(7, _out.Count);
        Assert.Equal(30, _out.Skip(1).Sum(e => e.Group!.ChangesTotal) + 1);
        foreach (var grouped in _out.Skip(1))
        {
            Assert.All(grouped.Group!.Members, m => Assert.True(grouped.At - m.At <= Window));
        }
    }

    [Fact]
    public void Recoveries_InsideAWindow_AreFoldedPerMember()
    {
        var pool = Pool();
        var a = Member(pool, 1);
        var b = Member(pool, 2);
        _sut.OnTransition(Down(a, T0), null, _out);
        _sut.OnTransition(Down(b, T0.AddSeconds(1)), null, _out);
        _sut.OnTransition(Up(a, T0.AddSeconds(2)), null, _out);
        _sut.OnTransition(Up(b, T0.AddSeconds(3)), null, _out);

        _sut.Tick(T0 + Window, _out);

        var group = _out[1].Group!;
        Assert.Equal(3, group.ChangesTotal);
        Assert.Equal(2, group.MembersTotal);
        // In order of their first change in the window: b went down (1 s) and came back (3 s): listed, with why it
        // failed and two changes, so the blip is not lost; a's recovery (2 s) follows, its failure having gone out at once.
        Assert.Equal((b, HealthState.Healthy, HealthState.Healthy, ReasonCode.ConnectFailed, 2, T0.AddSeconds(3)),
            (group.Members[0].Member, group.Members[0].From, group.Members[0].To, group.Members[0].Reason, group.Members[0].Changes, group.Members[0].At));
        Assert.Equal((a, HealthState.Unhealthy, HealthState.Healthy, ReasonCode.None, 1, T0.AddSeconds(2)),
            (group.Members[1].Member, group.Members[1].From, group.Members[1].To, group.Members[1].Reason, group.Members[1].Changes, group.Members[1].At));
    }

    [Fact]
    public void ManyPools_AtOnce_TwoEventsEachInTheOrderTheirWindowsEnd()
    {
        for (var p = 0; p < 100; p++)
        {
            var pool = Pool($"sgp-{p}");
            for (var m = 0; m < 100; m++)
            {
                _sut.OnTransition(Down(Member(pool, m), T0.AddMilliseconds((p * 10) + m)), null, _out);
            }
        }

        Assert.Equal(100, _out.Count);
        Assert.Equal(100, _sut.OpenWindows);

        _sut.Tick(T0.AddSeconds(30), _out);

        Assert.Equal(200, _out.Count);
        var grouped = _out.Skip(100).ToList();
        Assert.All(grouped, e => Assert.Equal(99, e.Group!.MembersTotal));
        Assert.Equal(grouped.OrderBy(e => e.At).Select(e => e.Id), grouped.Select(e => e.Id));
        Assert.Equal(100, grouped.Select(e => e.Pool!.PoolId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(0, _sut.OpenWindows);
    }

    [Fact]
    public void Input_AfterTheWindowEnded_FlushesTheWindowFirst()
    {
        var pool = Pool();
        _sut.OnTransition(Down(Member(pool, 0), T0), null, _out);
        _sut.OnTransition(Down(Member(pool, 1), T0.AddSeconds(1)), null, _out);

        // No tick came (a busy timer): the next input closes the window before it is handled.
        _sut.OnTransition(Down(Member(pool, 2), T0.AddSeconds(12)), null, _out);

        Assert.Equal([NotificationKind.MemberTransition, NotificationKind.PoolGrouped, NotificationKind.MemberTransition],
            _out.Select(e => e.Kind));
        Assert.Equal(T0.AddSeconds(5), _out[1].At);
        Assert.Equal(T0.AddSeconds(12), _out[2].At);
    }

    [Fact]
    public void Input_OlderThanTheClock_CountsAtTheClock()
    {
        var pool = Pool();
        _sut.Tick(T0.AddSeconds(100), _out);

        _sut.OnTransition(Down(Member(pool, 0), T0), null, _out);

        Assert.Equal(T0, Assert.Single(_out).At);
        Assert.Equal(T0.AddSeconds(105), _sut.NextDue);
    }

    [Fact]
    public void PoolRemoved_WithAnOpenWindow_SendsItAtOnceAndForgetsThePool()
    {
        var pool = Pool();
        _sut.OnTransition(Down(Member(pool, 0), T0), null, _out);
        _sut.OnTransition(Down(Member(pool, 1), T0.AddSeconds(1)), null, _out);

        _sut.OnPoolRemoved(pool.PoolId, T0.AddSeconds(2), _out);
        _sut.Tick(T0.AddSeconds(60), _out);

        Assert.Equal(2, _out.Count);
        Assert.Equal(T0.AddSeconds(2), _out[1].At);
        Assert.Equal(T0.AddSeconds(2), _out[1].Group!.WindowEnd);
        Assert.Null(_sut.NextDue);
        Assert.Equal(0, _sut.OpenWindows);
    }

    [Fact]
    public void PoolRemoved_QuietOrUnknown_SendsNothing()
    {
        _sut.OnPoolRemoved("sgp-none", T0, _out);
        _sut.OnTransition(Down(Member(Pool(), 0), T0), null, _out);
        _out.Clear();

        _sut.OnPoolRemoved("sgp-1", T0.AddSeconds(1), _out);

        Assert.Empty(_out);
    }

    [Fact]
    public void PoolRemovedThenRecreated_StartsQuiet()
    {
        var pool = Pool();
        _sut.OnTransition(Down(Member(pool, 0), T0), null, _out);
        _sut.OnPoolRemoved(pool.PoolId, T0.AddSeconds(1), _out);

        _sut.OnTransition(Down(Member(pool, 0), T0.AddSeconds(2)), null, _out);

        Assert.Equal(2, _out.Count);
        Assert.All(_out, e => Assert.Equal(NotificationKind.MemberTransition, e.Kind));
        Assert.Equal(T0.AddSeconds(7), _sut.NextDue);
    }

    [Fact]
    public void SameInputs_TwoPlanners_SameEventsAndIds()
    {
        var other = new NotificationPlanner();
        var otherOut = new List<NotificationEvent>();
        var pool = Pool();
        for (var i = 0; i < 10; i++)
        {
            _sut.OnTransition(Down(Member(pool, i), T0.AddSeconds(i)), null, _out);
            other.OnTransition(Down(Member(pool, i), T0.AddSeconds(i)), null, otherOut);
        }

        _sut.Tick(T0.AddMinutes(1), _out);
        other.Tick(T0.AddMinutes(1), otherOut);

        Assert.Equal(_out.Select(e => e.Id), otherOut.Select(e => e.Id));
        Assert.Equal(_out.Count, _out.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Options_CustomWindowAndCap_AreUsed()
    {
        var sut = new NotificationPlanner(new NotificationPlannerOptions { GroupWindow = TimeSpan.FromSeconds(1), MaxGroupedMembers = 2 });
        var pool = Pool();
        for (var i = 0; i < 5; i++)
        {
            sut.OnTransition(Down(Member(pool, i), T0), null, _out);
        }

        sut.Tick(T0.AddSeconds(1), _out);

        Assert.Equal(T0.AddSeconds(1), _out[1].At);
        Assert.Equal(2, _out[1].Group!.Members.Count);
        Assert.Equal(4, _out[1].Group!.MembersTotal);
    }

    [Theory]
    [InlineData(0, 500)]
    [InlineData(99, 500)]
    [InlineData(600_001, 500)]
    [InlineData(5_000, 0)]
    [InlineData(5_000, 10_001)]
    public void Options_OutOfRange_AreRefusedAtConstruction(int windowMs, int cap) =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new NotificationPlanner(new NotificationPlannerOptions { GroupWindow = TimeSpan.FromMilliseconds(windowMs), MaxGroupedMembers = cap }));
}
