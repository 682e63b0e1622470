using Vitals.Core.Health;
using Vitals.Core.Probing;

namespace Vitals.Engine.Tests;

public sealed class HealthEngineSkipTests
{
    [Fact]
    public async Task MaxInFlight_Full_BoundRespectedAndTooLateChecksSkipped()
    {
        await using var f = new EngineFixture(new EngineOptions { Jitter = 0, MaxInFlight = 2 });
        f.Prober.Hold = true;
        for (var i = 0; i < 5; i++)
        {
            // A 10 s timeout: held checks are abandoned only after 20 s, beyond this test.
            f.Sut.Upsert(EngineFixture.Member($"m{i}", i, EngineFixture.Spec(delay: 10, timeout: 10)));
        }

        // Due at 0, 6.18, 2.36, 8.54, 4.72 s: two start, three wait, then pass a whole interval late.
        f.Advance(14);
        Assert.Equal(2, f.Prober.Calls);
        Assert.Equal(0, f.Sut.GetStatus().Skipped);

        f.Advance(6);

        var status = f.Sut.GetStatus();
        Assert.Equal(2, f.Prober.Calls);
        Assert.Equal(2, status.InFlight);
        Assert.Equal(3, status.Skipped);
        Assert.Equal(3, status.SkippedLate);
        Assert.All(f.Sut.GetMembers(), m =>
        {
            Assert.Equal(HealthState.Initial, m.State);
            Assert.Equal(0, m.ConsecutiveFailures);
        });
        Assert.Equal(1, f.Logger.Count(2006)); // aggregated: one warning for the window, not one per skip

        Assert.Equal(2, f.Prober.Complete(FakeProber.Pass(f.Clock)));
        f.Advance(0.01);
        Assert.Equal(4, f.Prober.Calls); // capacity back: the completed targets start again
        Assert.Equal(2, f.Sut.GetStatus().InFlight);
    }

    [Fact]
    public async Task SkipAfter_Set_SkipsOnceLaterThanIt()
    {
        await using var f = new EngineFixture(new EngineOptions { Jitter = 0, MaxInFlight = 1, SkipAfter = TimeSpan.FromSeconds(1) });
        f.Prober.Hold = true;
        f.Sut.Upsert(EngineFixture.Member("a", 0, EngineFixture.Spec(delay: 10, timeout: 10))); // abandoned after 20 s
        f.Sut.Upsert(EngineFixture.Member("b", 1, EngineFixture.Spec(delay: 10, timeout: 10))); // due at 6.18 s

        f.Advance(7.1);
        Assert.Equal(0, f.Sut.GetStatus().Skipped);
        f.Advance(0.2);

        Assert.Equal(1, f.Sut.GetStatus().Skipped);
        Assert.Equal(1, f.Prober.Calls);
        var nextDue = f.Sut.GetDueTimestamp("b")!.Value / (double)f.Clock.TimestampFrequency;
        Assert.Equal(16.18, nextDue, 0.01); // the next slot on its own grid
    }

    [Theory]
    [InlineData(ReasonCode.ConnectTimeout, 1.5, false, true)]
    [InlineData(ReasonCode.RecvResponseTimeout, 1.5, false, true)]
    [InlineData(ReasonCode.TlsHandshakeTimeout, 1.5, false, true)]
    [InlineData(ReasonCode.ConnectTimeout, 1.5, true, true)] // completes while the stall is still going on
    [InlineData(ReasonCode.ConnectTimeout, 0.5, false, false)] // lag below half the 2 s timeout
    [InlineData(ReasonCode.ConnectTimeout, 0, false, false)]
    [InlineData(ReasonCode.ConnectFailed, 1.5, false, false)] // not a timeout: the target answered
    public async Task TimeoutResult_CheckerStalledDuringCheck_DiscardedNotBlamed(ReasonCode reason, double stallSeconds,
        bool completeDuringStall, bool discarded)
    {
        await using var f = new EngineFixture();
        f.Prober.Hold = true;
        f.Sut.Upsert(EngineFixture.Member("m1", spec: EngineFixture.Spec(delay: 10, timeout: 2, fall: 1)));
        f.Advance(0.1);
        Assert.Equal(1, f.Prober.Calls);

        f.Clock.Stall(TimeSpan.FromSeconds(stallSeconds));
        if (!completeDuringStall)
        {
            f.Advance(0.1);
        }

        f.Prober.Complete(FakeProber.Fail(f.Clock, reason));

        var status = f.Sut.GetStatus();
        var member = f.Sut.GetMember("m1")!;
        if (discarded)
        {
            Assert.Equal(1, status.Skipped);
            Assert.Equal(1, status.SkippedUnderLag);
            Assert.Equal(0, status.Failures);
            Assert.Equal(HealthState.Initial, member.State);
            Assert.Empty(f.Sut.GetHistory("m1"));
        }
        else
        {
            Assert.Equal(0, status.Skipped);
            Assert.Equal(1, status.Failures);
            Assert.Equal(HealthState.Unhealthy, member.State);
            Assert.Equal(1, member.ConsecutiveFailures);
        }

        Assert.Equal(0, status.InFlight);
    }

    [Fact]
    public async Task Stall_LongerThanInterval_TickLagReportedAndLateChecksSkipped()
    {
        await using var f = new EngineFixture();
        f.Sut.Upsert(EngineFixture.Member("m1", spec: EngineFixture.Spec(delay: 1)));
        f.Advance(0.5);

        f.Clock.Stall(TimeSpan.FromSeconds(3));
        f.Advance(0.01);

        var status = f.Sut.GetStatus();
        Assert.Equal(1, status.Skipped);
        Assert.InRange(status.TickLagMaxMs, 2900, 3100);
        Assert.Equal(HealthState.Initial, f.Sut.GetMember("m1")!.State);
    }
}
