using Vitals.Probes.Sockets;
using Vitals.Testing;

namespace Vitals.Probes.Tests.Sockets;

public sealed class DeadlinePoolTests
{
    [Fact]
    public void Start_FiresAfterTheTimeoutOnTheGivenClock()
    {
        var time = new ManualTimeProvider();
        var sut = new DeadlinePool(time);

        var deadline = sut.Start(TimeSpan.FromSeconds(2), CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(1999));
        var before = deadline.HasFired;
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.False(before);
        Assert.True(deadline.HasFired);
        deadline.Release();
    }

    [Fact]
    public void Start_HostTokenFires_DeadlineFires()
    {
        var sut = new DeadlinePool(new ManualTimeProvider());
        using var host = new CancellationTokenSource();

        var deadline = sut.Start(TimeSpan.FromSeconds(2), host.Token);
        host.Cancel();

        Assert.True(deadline.HasFired);
        deadline.Release();
    }

    [Fact]
    public void Release_EarlyThenStartAgain_ReusedSourceIsFreshAndHostUnlinked()
    {
        // Sources are reused on the system clock only: TryReset cannot stop another provider's timer.
        var sut = new DeadlinePool(TimeProvider.System);
        using var firstHost = new CancellationTokenSource();
        var first = sut.Start(TimeSpan.FromSeconds(30), firstHost.Token);
        var firstToken = first.Token;
        first.Release();

        var second = sut.Start(TimeSpan.FromSeconds(30), CancellationToken.None);
        firstHost.Cancel();

        Assert.Equal(firstToken, second.Token); // the same source, reused
        Assert.False(second.HasFired);          // the old host token no longer reaches it
        second.Release();
    }

    [Fact]
    public void Release_OnAFakeClock_NewSourceStillHonoursItsTimeout()
    {
        var time = new ManualTimeProvider();
        var sut = new DeadlinePool(time);
        sut.Start(TimeSpan.FromSeconds(2), CancellationToken.None).Release();

        var second = sut.Start(TimeSpan.FromSeconds(5), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(3));
        var early = second.HasFired;
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.False(early);
        Assert.True(second.HasFired);
        second.Release();
    }

    [Fact]
    public void Release_AfterFiring_IsNotReused()
    {
        var time = new ManualTimeProvider();
        var sut = new DeadlinePool(time);
        var first = sut.Start(TimeSpan.FromSeconds(1), CancellationToken.None);
        var firstToken = first.Token;
        time.Advance(TimeSpan.FromSeconds(1));
        first.Release();

        var second = sut.Start(TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.NotEqual(firstToken, second.Token);
        Assert.False(second.HasFired);
        second.Release();
    }
}
