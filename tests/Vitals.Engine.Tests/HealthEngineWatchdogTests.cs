using System.Net;
using Microsoft.Extensions.Logging;
using Vitals.Core.Health;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Probes;

namespace Vitals.Engine.Tests;

// A held check of the fake prober never completes until the test says so: a prober with a lost wake-up.
// With delay 5 s and timeout 2 s a check is abandoned once it has run 2 + max(1, 2) = 4 s, at the next
// once-a-second sweep: the check started at 0.004 s is abandoned by the sweep at 5 s.
public sealed class HealthEngineWatchdogTests
{
    [Fact]
    public async Task StuckCheck_PastTimeoutAndGrace_AbandonedAsTimeoutUntilMemberFalls()
    {
        await using var f = new EngineFixture();
        f.Prober.Hold = true;
        f.Sut.Upsert(EngineFixture.Member("m1", spec: EngineFixture.Spec(delay: 5, timeout: 2, fall: 2)));

        f.Advance(3.9);
        Assert.Equal(1, f.Prober.Calls);
        Assert.Equal(0, f.Sut.GetStatus().Abandoned);
        Assert.Equal(1, f.Sut.GetStatus().InFlight);

        f.Advance(1.6); // 5.5 s: abandoned at 5 s, checked again at 5.004 s

        var status = f.Sut.GetStatus();
        Assert.Equal(1, status.Abandoned);
        Assert.Equal(1, status.Failures);
        Assert.Equal(2, f.Prober.Calls);
        Assert.Equal(1, status.InFlight); // the new check, not the abandoned one
        var result = Assert.Single(f.Sut.GetHistory("m1"));
        Assert.Equal(ReasonCode.ConnectTimeout, result.Reason);
        Assert.Equal(CheckCode.L4Tout, result.CheckCode);
        Assert.Contains("watchdog", result.Detail, StringComparison.Ordinal);
        Assert.Equal(HealthState.Initial, f.Sut.GetMember("m1")!.State);
        var warning = Assert.Single(f.Logger.Entries, e => e.Id.Id == 2014);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("TCP 127.0.0.1:80", warning.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(FakeProber), warning.Message, StringComparison.Ordinal);

        f.Advance(5); // 10.5 s: the second check is abandoned at 10 s, the fall count reached

        status = f.Sut.GetStatus();
        Assert.Equal(2, status.Abandoned);
        Assert.Equal(2, status.Failures);
        Assert.Equal(2, status.FailuresByReason["CONNECT_TIMEOUT"]);
        var member = f.Sut.GetMember("m1")!;
        Assert.Equal(HealthState.Unhealthy, member.State);
        Assert.Equal(2, member.ConsecutiveFailures);
        var transition = Assert.Single(f.EventsOf("m1")).Transition!;
        Assert.Equal(ReasonCode.ConnectTimeout, transition.Reason);
        Assert.Equal(3, f.Prober.Calls); // and checked again after that
        Assert.Equal(2, f.Logger.Count(2014));
    }

    [Fact]
    public async Task StuckCheck_CompletesAfterAbandoned_LateResultIgnored()
    {
        await using var f = new EngineFixture();
        f.Prober.Hold = true;
        f.Sut.Upsert(EngineFixture.Member("m1", spec: EngineFixture.Spec(delay: 5, timeout: 2, rise: 1, fall: 1)));
        f.Advance(5.5);
        Assert.Equal(1, f.Sut.GetStatus().Abandoned);
        Assert.Equal(HealthState.Unhealthy, f.Sut.GetMember("m1")!.State);
        Assert.Single(f.EventsOf("m1"));
        Assert.Equal(2, f.Prober.PendingCount); // the stuck probe and the next check

        // The stuck probe finally answers: a pass that, were it taken, would make the member Healthy (rise 1).
        Assert.True(f.Prober.CompleteOldest(FakeProber.Pass(f.Clock)));

        var status = f.Sut.GetStatus();
        Assert.Equal(1, status.InFlight);
        Assert.Equal(1, status.Checks);
        Assert.Equal(0, status.Passes);
        Assert.Equal(HealthState.Unhealthy, f.Sut.GetMember("m1")!.State);
        Assert.Single(f.EventsOf("m1"));
        Assert.Single(f.Sut.GetHistory("m1"));
        Assert.Equal(1, f.Logger.Count(2015));

        // The check running now is untouched by the late completion and is settled normally.
        Assert.Equal(1, f.Prober.Complete(FakeProber.Pass(f.Clock)));
        status = f.Sut.GetStatus();
        Assert.Equal(0, status.InFlight);
        Assert.Equal(2, status.Checks);
        Assert.Equal(1, status.Passes);
        Assert.Equal(HealthState.Healthy, f.Sut.GetMember("m1")!.State);
        Assert.Equal(1, status.Abandoned);
    }

    [Fact]
    public async Task MaxInFlightOne_OneTargetStuck_OtherTargetsCheckedAfterWatchdog()
    {
        await using var f = new EngineFixture(new EngineOptions { Jitter = 0, MaxInFlight = 1 });
        var stuck = EngineFixture.Address(0);
        var ok = new IPEndPoint(EngineFixture.Address(1), 80);
        f.Prober.HoldWhen = t => t.EndPoint.Address.Equals(stuck);
        var spec = EngineFixture.Spec(delay: 10, timeout: 3);
        f.Sut.Upsert(EngineFixture.Member("stuck", 0, spec)); // due at 0, abandoned after 6 s (sweep at 7 s)
        f.Sut.Upsert(EngineFixture.Member("ok", 1, spec)); // due at 6.18 s, waits for the slot

        f.Advance(6.9);
        Assert.Empty(f.Prober.StartsOf(ok));

        f.Advance(1.1); // 8 s

        Assert.Single(f.Prober.StartsOf(ok));
        Assert.True(f.Sut.GetMember("ok")!.LastResult!.Value.IsSuccess);
        Assert.Equal(1, f.Sut.GetStatus().Abandoned);

        // The stuck target keeps being checked (and abandoned); the other keeps its turn.
        f.Advance(20); // 28 s
        Assert.Equal(3, f.Prober.StartsOf(ok).Count);
        Assert.Equal(HealthState.Healthy, f.Sut.GetMember("ok")!.State);
        Assert.Equal(HealthState.Unhealthy, f.Sut.GetMember("stuck")!.State);
        Assert.Equal(0, f.Sut.GetStatus().SkippedLate);
    }

    [Fact]
    public async Task StuckCheck_MemberRemoved_SlotFreedAndNotCheckedAgain()
    {
        await using var f = new EngineFixture();
        f.Prober.Hold = true;
        f.Sut.Upsert(EngineFixture.Member("m1", spec: EngineFixture.Spec(delay: 5, timeout: 2)));
        f.Advance(1);
        Assert.True(f.Sut.Remove("m1"));

        f.Advance(10);

        var status = f.Sut.GetStatus();
        Assert.Equal(1, status.Abandoned);
        Assert.Equal(0, status.InFlight);
        Assert.Equal(0, status.Checks); // nobody left to feed
        Assert.Equal(1, f.Prober.Calls);
    }

    [Theory]
    [InlineData(1.9)] // within the timeout
    [InlineData(3.9)] // past the 2 s timeout but within the grace (abandoned at 4 s)
    public async Task SlowChecks_CompleteBeforeDeadline_NothingAbandoned(double answerAfter)
    {
        await using var f = new EngineFixture();
        f.Prober.Hold = true;
        f.Advance(0.5); // checks start half a second off the once-a-second sweeps, which then see them 0.5 s older
        f.Sut.Upsert(EngineFixture.Member("m1", spec: EngineFixture.Spec(delay: 5, timeout: 2, rise: 1)));
        f.Advance(0.01);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(1, f.Prober.PendingCount);
            f.Advance(answerAfter);
            Assert.Equal(1, f.Prober.Complete(FakeProber.Pass(f.Clock)));
            f.Advance(5 - answerAfter); // the next check starts
        }

        var status = f.Sut.GetStatus();
        Assert.Equal(0, status.Abandoned);
        Assert.Equal(10, status.Checks);
        Assert.Equal(10, status.Passes);
        Assert.Equal(0, f.Logger.Count(2014));
        Assert.Equal(HealthState.Healthy, f.Sut.GetMember("m1")!.State);
    }

    [Fact]
    public async Task SynchronousChecks_ManyTargets_NothingAbandonedNothingLeaked()
    {
        await using var f = new EngineFixture();
        for (var i = 0; i < 50; i++)
        {
            f.Sut.Upsert(EngineFixture.Member($"m{i}", i, EngineFixture.Spec(delay: 1, timeout: 1)));
        }

        f.Advance(30);

        var status = f.Sut.GetStatus();
        Assert.Equal(0, status.Abandoned);
        Assert.Equal(0, status.InFlight);
        Assert.InRange(status.Checks, 50 * 29, 50 * 31);
    }

    [Theory]
    [InlineData(HealthMonitorType.Tcp, ReasonCode.ConnectTimeout, CheckCode.L4Tout)]
    [InlineData(HealthMonitorType.UdpConnect, ReasonCode.ConnectTimeout, CheckCode.L4Tout)]
    [InlineData(HealthMonitorType.Tls, ReasonCode.TlsHandshakeTimeout, CheckCode.L6Tout)]
    [InlineData(HealthMonitorType.Http, ReasonCode.RecvResponseTimeout, CheckCode.L7Tout)]
    [InlineData(HealthMonitorType.Https, ReasonCode.RecvResponseTimeout, CheckCode.L7Tout)]
    [InlineData(HealthMonitorType.Grpc, ReasonCode.RecvResponseTimeout, CheckCode.L7Tout)]
    public void AbandonedResult_ByCheckType_TimeoutOfThatLayer(HealthMonitorType type, ReasonCode reason, CheckCode code)
    {
        var spec = EngineFixture.Spec(timeout: 3) with { Type = type };
        var probe = new ProbeTarget(new IPEndPoint(EngineFixture.Address(0), 80), spec);
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var sut = HealthEngine.AbandonedResult(probe, TimeSpan.FromSeconds(6.5), at);

        Assert.False(sut.IsSuccess);
        Assert.Equal(reason, sut.Reason);
        Assert.Equal(code, sut.CheckCode);
        Assert.Equal(at, sut.CheckedAt);
        Assert.Equal(6_500_000, sut.Timings.TotalMicros);
        Assert.Equal("abandoned by the watchdog: no result 6.5 s after the start (timeout 3 s)", sut.Detail);
    }

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(30, 60)]
    public void AbandonAfter_Timeout_PlusGraceOfAtLeastOneSecond(double timeout, double expected)
        => Assert.Equal(TimeSpan.FromSeconds(expected), CheckTarget.AbandonAfter(TimeSpan.FromSeconds(timeout)));
}
