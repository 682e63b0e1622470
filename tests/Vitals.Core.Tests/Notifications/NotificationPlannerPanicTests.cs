using Vitals.Core.Notifications;
using Vitals.Core.Traffic;
using static Vitals.Core.Tests.Notifications.Fleet;

namespace Vitals.Core.Tests.Notifications;

public sealed class NotificationPlannerPanicTests
{
    private static readonly PoolPanic Panic = new(50, 4, 1, 2, ["mbr-a"]);
    private readonly NotificationPlanner _sut = new();
    private readonly List<NotificationEvent> _out = [];

    [Fact]
    public void OnPanic_EntersChangesLeaves_SendsOnlyTheEdges()
    {
        var pool = Pool();

        _sut.OnPanic(pool, Panic, T0, _out);
        _sut.OnPanic(pool, Panic with { Kept = ["mbr-a", "mbr-b"] }, T0.AddSeconds(1), _out);
        _sut.OnPanic(pool, null, T0.AddSeconds(30), _out);
        _sut.OnPanic(pool, null, T0.AddSeconds(31), _out);

        Assert.Equal([NotificationKind.PanicStarted, NotificationKind.PanicEnded], _out.Select(e => e.Kind));
        Assert.Equal((T0, T0.AddSeconds(30)), (_out[0].At, _out[1].At));
        Assert.Equal(Panic.Reason, _out[0].Detail);
        Assert.Equal(["mbr-a"], _out[0].Panic!.Kept);
    }

    [Fact]
    public void OnPanic_EndedWithoutStart_SendsNothing()
    {
        _sut.OnPanic(Pool(), null, T0, _out);

        Assert.Empty(_out);
    }

    [Fact]
    public void OnPanic_AgainAfterItEnded_StartsAgainWithAnotherId()
    {
        var pool = Pool();
        _sut.OnPanic(pool, Panic, T0, _out);
        _sut.OnPanic(pool, null, T0.AddSeconds(10), _out);

        _sut.OnPanic(pool, Panic, T0.AddSeconds(20), _out);

        Assert.Equal(3, _out.Count);
        Assert.NotEqual(_out[0].Id, _out[2].Id);
    }

    [Fact]
    public void OnPanic_DuringAnOutage_IsNotGroupedAndDoesNotTouchTheWindow()
    {
        var pool = Pool();
        _sut.OnTransition(Down(Member(pool, 0), T0), null, _out);
        _sut.OnTransition(Down(Member(pool, 1), T0.AddSeconds(1)), null, _out);

        _sut.OnPanic(pool, Panic, T0.AddSeconds(1), _out);
        _sut.Tick(T0.AddSeconds(5), _out);

        Assert.Equal([NotificationKind.MemberTransition, NotificationKind.PanicStarted, NotificationKind.PoolGrouped], _out.Select(e => e.Kind));
        Assert.Equal(1, _out[2].Group!.MembersTotal);
    }

    [Fact]
    public void PoolRemoved_InPanic_EndsThePanic()
    {
        var pool = Pool();
        _sut.OnPanic(pool, Panic, T0, _out);

        _sut.OnPoolRemoved(pool.PoolId, T0.AddMinutes(1), _out);
        _sut.OnPanic(pool, null, T0.AddMinutes(2), _out);

        Assert.Equal([NotificationKind.PanicStarted, NotificationKind.PanicEnded], _out.Select(e => e.Kind));
        Assert.Equal("The pool was deleted while in panic.", _out[1].Detail);
    }
}
