using Vitals.Core.Health;
using Vitals.Core.Probing;

namespace Vitals.Engine.Tests;

public sealed class HealthEngineSchedulingTests
{
    private const double Tick = 0.004;

    [Fact]
    public async Task Start_HundredTargetsAddedTogether_FirstChecksSpreadOverInterval()
    {
        await using var f = new EngineFixture();
        for (var i = 0; i < 100; i++)
        {
            f.Sut.Upsert(EngineFixture.Member($"m{i}", i, EngineFixture.Spec(delay: 10)));
        }

        f.Advance(10);

        var starts = f.Prober.Starts;
        Assert.Equal(100, starts.Count);
        Assert.Equal(100, starts.Select(s => s.EndPoint).Distinct().Count());
        Assert.True(starts.Count(s => s.AtSeconds <= Tick) <= 2, "the first tick must carry no more than its share");
        for (var second = 0; second < 10; second++)
        {
            var inSecond = starts.Count(s => s.AtSeconds > second && s.AtSeconds <= second + 1);
            Assert.InRange(inSecond, 7, 13);
        }
    }

    [Fact]
    public async Task Start_MembersAddedBeforeStart_ScheduledFromStart()
    {
        await using var f = new EngineFixture(start: false);
        for (var i = 0; i < 20; i++)
        {
            f.Sut.Upsert(EngineFixture.Member($"m{i}", i, EngineFixture.Spec(delay: 10)));
        }

        f.Advance(5);
        Assert.Equal(0, f.Prober.Calls);

        f.Sut.Start();
        f.Advance(10);

        var starts = f.Prober.Starts;
        Assert.Equal(20, starts.Count);
        Assert.All(starts, s => Assert.InRange(s.AtSeconds, 5, 15 + Tick));
        Assert.Equal(0, f.Sut.GetStatus().Skipped);
    }

    [Fact]
    public async Task Checks_RiseThenFall_TransitionsAndEventsCarryEvidence()
    {
        await using var f = new EngineFixture();
        f.Sut.Upsert(EngineFixture.Member("m1", spec: EngineFixture.Spec(delay: 1, rise: 2, fall: 3)));

        f.Advance(0.5);
        Assert.Equal(HealthState.Initial, f.Sut.GetMember("m1")!.State);
        f.Advance(1);

        var up = Assert.Single(f.EventsOf("m1"));
        Assert.Equal(HealthState.Initial, up.Transition!.From);
        Assert.Equal(HealthState.Healthy, up.Transition.To);
        Assert.Equal(TransitionCause.Checks, up.Transition.Cause);
        Assert.Equal(2, up.Transition.Evidence.Count);
        Assert.All(up.Transition.Evidence, r => Assert.True(r.IsSuccess));
        Assert.Equal(HealthState.Healthy, f.Sut.GetMember("m1")!.State);

        f.Prober.Answer = _ => FakeProber.Fail(f.Clock, ReasonCode.ConnectFailed);
        f.Advance(3);

        var events = f.EventsOf("m1");
        Assert.Equal(2, events.Count);
        var down = events[1].Transition!;
        Assert.Equal(HealthState.Unhealthy, down.To);
        Assert.Equal(ReasonCode.ConnectFailed, down.Reason);
        Assert.Equal(3, down.Evidence.Count);
        Assert.All(down.Evidence, r => Assert.Equal(ReasonCode.ConnectFailed, r.Reason));
        var snapshot = f.Sut.GetMember("m1")!;
        Assert.Equal(HealthState.Unhealthy, snapshot.State);
        Assert.Equal(3, snapshot.ConsecutiveFailures);
        Assert.Equal("127.0.0.1:80", snapshot.Target);
        Assert.Equal(ReasonCode.ConnectFailed, snapshot.LastResult!.Value.Reason);
        Assert.Equal(5, f.Sut.GetHistory("m1").Count);
        Assert.Equal(1, f.Logger.Count(2001));
        Assert.Equal(1, f.Logger.Count(2002));
    }

    [Fact]
    public async Task Check_NeverCompletes_NoSecondStartUntilAbandonedOrStopped()
    {
        await using var f = new EngineFixture();
        f.Prober.Hold = true;
        f.Sut.Upsert(EngineFixture.Member("m1", spec: EngineFixture.Spec(delay: 1, timeout: 3)));

        f.Advance(6.9); // the watchdog abandons it after 3 + 3 s, at the sweep at 7 s (HealthEngineWatchdogTests)

        Assert.Equal(1, f.Prober.Calls);
        Assert.Equal(1, f.Sut.GetStatus().InFlight);

        var stop = f.Sut.StopAsync();
        await stop.AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(0, f.Sut.GetStatus().InFlight);
        Assert.Equal(0, f.Sut.GetStatus().Checks);
    }

    [Fact]
    public async Task Stop_ProbeIgnoresCancellation_GivesUpAfterTheStopWait()
    {
        await using var f = new EngineFixture();
        f.Prober.Hold = true;
        f.Prober.IgnoreCancellation = true;
        f.Sut.Upsert(EngineFixture.Member("m1", spec: EngineFixture.Spec(delay: 1, timeout: 3)));
        f.Advance(1);
        Assert.Equal(1, f.Sut.GetStatus().InFlight);

        var stop = f.Sut.StopAsync().AsTask();
        f.Clock.Advance(HealthEngine.StopWait - TimeSpan.FromMilliseconds(100));
        Assert.False(stop.IsCompleted, "StopAsync must wait for a running check, up to the stop wait");
        f.Clock.Advance(TimeSpan.FromMilliseconds(200));
        await stop.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(1, f.Logger.Count(2016));
        Assert.Equal(1, f.Sut.GetStatus().InFlight);
    }

    [Fact]
    public async Task Check_OverrunsInterval_NextStartsAfterItEnds()
    {
        await using var f = new EngineFixture();
        f.Prober.Hold = true;
        var member = EngineFixture.Member("m1", spec: EngineFixture.Spec(delay: 2));
        f.Sut.Upsert(member);

        f.Advance(5);
        Assert.Equal(1, f.Prober.Calls);
        Assert.Equal(1, f.Prober.Complete(FakeProber.Pass(f.Clock)));
        f.Prober.Hold = false;
        f.Advance(3);

        var starts = f.Prober.StartsOf(new(member.Address, member.Port));
        Assert.Equal(3, starts.Count);
        Assert.InRange(starts[0], 0, Tick);
        Assert.InRange(starts[1], 5, 5 + (2 * Tick)); // due at max(start + delay, end) = end
        Assert.InRange(starts[2] - starts[1], 2 - Tick, 2 + Tick); // a prompt check keeps its delay
    }

    [Fact]
    public async Task Jitter_LaterChecks_ComeEarlyWithinTheCap_NeverLate()
    {
        await using var f = new EngineFixture(new EngineOptions { Jitter = 0.05, JitterCap = TimeSpan.FromMilliseconds(250) });
        for (var i = 0; i < 5; i++)
        {
            f.Sut.Upsert(EngineFixture.Member($"m{i}", i, EngineFixture.Spec(delay: 10)));
        }

        f.Advance(200);

        var gaps = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var starts = f.Prober.StartsOf(new(EngineFixture.Address(i), 80));
            for (var k = 1; k < starts.Count; k++)
            {
                gaps.Add(starts[k] - starts[k - 1]);
            }
        }

        Assert.True(gaps.Count >= 90, $"only {gaps.Count} intervals observed");

        // 5 % of 10 s is 500 ms, capped at 250 ms, and only early: a check never comes later than its delay (but a
        // start can land up to one tick after its due time), so detection stays within fall x delay + timeout.
        Assert.All(gaps, g => Assert.InRange(g, 10 - 0.25 - Tick, 10 + Tick));
        Assert.True(gaps.Select(g => Math.Round(g, 2)).Distinct().Count() > 10, "jitter must actually move checks");
        Assert.Contains(gaps, g => g < 10 - 0.05);
        Assert.Contains(gaps, g => g < 10 - 0.2);
    }

    [Fact]
    public async Task Status_AfterChecks_CountsPassesFailuresReasonsAndLag()
    {
        await using var f = new EngineFixture();
        var failing = EngineFixture.Address(1);
        f.Prober.Answer = t => t.EndPoint.Address.Equals(failing) ? FakeProber.Fail(f.Clock) : FakeProber.Pass(f.Clock);
        f.Sut.Upsert(EngineFixture.Member("ok", 0, EngineFixture.Spec(delay: 10)));
        f.Sut.Upsert(EngineFixture.Member("bad", 1, EngineFixture.Spec(delay: 10)));

        f.Advance(9);
        var early = f.Sut.GetStatus();
        Assert.True(early.LagMaxMs > 0, "the second check was due between ticks, so it started late");
        Assert.InRange(early.LagMaxMs, 0, 4.01);
        Assert.InRange(early.LagP99Ms, 0, early.LagMaxMs);
        Assert.InRange(early.LagP50Ms, 0, early.LagP99Ms);

        f.Advance(16);

        var status = f.Sut.GetStatus();
        Assert.Equal(2, status.Targets);
        Assert.Equal(2, status.Members);
        Assert.Equal(0, status.InFlight);
        Assert.Equal(5, status.Checks); // due at 0, 10, 20 and 6.18, 16.18
        Assert.Equal(3, status.Passes);
        Assert.Equal(2, status.Failures);
        Assert.Equal(0, status.Skipped);
        Assert.Equal(2, status.FailuresByReason["CONNECT_FAILED"]);
        Assert.Single(status.FailuresByReason);
        Assert.InRange(status.LagMaxMs, 0, 4.01);
    }

    [Fact]
    public async Task Subscribe_HandlerThrows_EngineAndOtherHandlersCarryOn()
    {
        await using var f = new EngineFixture();
        var calls = 0;
        using (f.Sut.Subscribe(_ => throw new InvalidOperationException("handler bug")))
        {
            var counting = f.Sut.Subscribe(_ => calls++);
            f.Sut.Upsert(EngineFixture.Member("m1", spec: EngineFixture.Spec(delay: 1, rise: 1, fall: 1)));
            f.Advance(0.5);
            Assert.Equal(1, calls);
            counting.Dispose();
        }

        f.Prober.Answer = _ => FakeProber.Fail(f.Clock);
        f.Advance(1);

        Assert.Equal(1, calls);
        Assert.Equal(HealthState.Unhealthy, f.Sut.GetMember("m1")!.State);
        Assert.Equal(2, f.EventsOf("m1").Count);
        Assert.Equal(1, f.Logger.Count(2010));
    }

    [Fact]
    public async Task Prober_Throws_CountedAsCheckerSideAndRescheduled()
    {
        await using var f = new EngineFixture();
        f.Prober.Answer = _ => throw new InvalidOperationException("prober bug");
        f.Sut.Upsert(EngineFixture.Member("m1", spec: EngineFixture.Spec(delay: 1, fall: 1)));

        f.Advance(2.5);

        Assert.Equal(3, f.Prober.Calls);
        Assert.Equal(3, f.Sut.GetStatus().Skipped);
        Assert.Equal(HealthState.Initial, f.Sut.GetMember("m1")!.State);
        Assert.Equal(3, f.Logger.Count(2009));
    }
}
