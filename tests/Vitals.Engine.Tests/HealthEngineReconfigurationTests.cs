using Vitals.Core.Health;

namespace Vitals.Engine.Tests;

public sealed class HealthEngineReconfigurationTests
{
    [Fact]
    public async Task IdenticalChecks_TwoMembers_OneProbeFeedsBothTrackers()
    {
        await using var f = new EngineFixture();
        f.Sut.Upsert(EngineFixture.Member("fast", 0, EngineFixture.Spec(delay: 1, rise: 1)));
        f.Sut.Upsert(EngineFixture.Member("slow", 0, EngineFixture.Spec(delay: 1, rise: 2))); // thresholds differ only
        f.Sut.Upsert(EngineFixture.Member("other", 0, EngineFixture.Spec(delay: 1), port: 81));

        f.Advance(0.5);
        var status = f.Sut.GetStatus();
        Assert.Equal(2, status.Targets);
        Assert.Equal(3, status.Members);
        Assert.Single(f.Prober.StartsOf(new(EngineFixture.Address(0), 80)));
        Assert.Equal(HealthState.Healthy, f.Sut.GetMember("fast")!.State);
        Assert.Equal(HealthState.Initial, f.Sut.GetMember("slow")!.State);

        f.Advance(1);

        Assert.Equal(2, f.Prober.StartsOf(new(EngineFixture.Address(0), 80)).Count);
        Assert.Equal(HealthState.Healthy, f.Sut.GetMember("slow")!.State);
        Assert.Equal(HealthState.Healthy, Assert.Single(f.EventsOf("fast")).Transition!.To);
        Assert.Equal(HealthState.Healthy, Assert.Single(f.EventsOf("slow")).Transition!.To);
        Assert.Equal(2, f.Sut.GetHistory("fast").Count);
        Assert.Equal(2, f.Sut.GetHistory("slow").Count);
    }

    [Fact]
    public async Task Upsert_ChangedMember_OnlyItIsRescheduled()
    {
        await using var f = new EngineFixture();
        foreach (var (id, i) in new[] { ("a", 0), ("b", 1), ("c", 2) })
        {
            f.Sut.Upsert(EngineFixture.Member(id, i, EngineFixture.Spec(delay: 10, rise: 1)));
        }

        f.Advance(12);
        var dueA = f.Sut.GetDueTimestamp("a");
        var dueB = f.Sut.GetDueTimestamp("b");
        var dueC = f.Sut.GetDueTimestamp("c");
        Assert.All(f.Sut.GetMembers(), m => Assert.Equal(HealthState.Healthy, m.State));

        f.Sut.Upsert(EngineFixture.Member("b", 1, EngineFixture.Spec(delay: 10, rise: 1), port: 8080));
        f.Sut.Upsert(EngineFixture.Member("c", 2, EngineFixture.Spec(delay: 10, rise: 1, fall: 5)));

        Assert.Equal(dueA, f.Sut.GetDueTimestamp("a"));
        Assert.Equal(dueC, f.Sut.GetDueTimestamp("c")); // thresholds only: same check, same slot
        Assert.NotEqual(dueB, f.Sut.GetDueTimestamp("b"));
        Assert.Equal(3, f.Sut.GetStatus().Targets);

        var b = f.Sut.GetMember("b")!;
        Assert.Equal(HealthState.Initial, b.State); // a different check starts over
        Assert.Equal("127.0.0.2:8080", b.Target);
        var moved = f.EventsOf("b")[^1].Transition!;
        Assert.Equal((HealthState.Healthy, HealthState.Initial, TransitionCause.MonitorChanged), (moved.From, moved.To, moved.Cause));
        Assert.Equal(HealthState.Healthy, f.Sut.GetMember("c")!.State); // verdict kept
        Assert.Single(f.EventsOf("c"));

        f.Advance(10);
        Assert.NotEmpty(f.Prober.StartsOf(new(EngineFixture.Address(1), 8080)));
        Assert.Single(f.Prober.StartsOf(new(EngineFixture.Address(1), 80)));
        Assert.Equal(HealthState.Healthy, f.Sut.GetMember("b")!.State);
    }

    [Fact]
    public async Task Remove_Member_StopsChecksAndIgnoresRunningResult()
    {
        await using var f = new EngineFixture();
        f.Prober.Hold = true;
        f.Sut.Upsert(EngineFixture.Member("m1", spec: EngineFixture.Spec(delay: 1, fall: 1)));
        f.Advance(0.5);
        Assert.Equal(1, f.Prober.Calls);

        Assert.True(f.Sut.Remove("m1"));
        f.Prober.Complete(FakeProber.Fail(f.Clock));
        f.Prober.Hold = false;
        f.Advance(30);

        Assert.Equal(1, f.Prober.Calls);
        Assert.Null(f.Sut.GetMember("m1"));
        Assert.Empty(f.Sut.GetHistory("m1"));
        Assert.Empty(f.EventsOf("m1"));
        var status = f.Sut.GetStatus();
        Assert.Equal((0, 0, 0, 0L), (status.Targets, status.Members, status.InFlight, status.Checks));
        Assert.False(f.Sut.Remove("m1"));
    }

    [Fact]
    public async Task Remove_OneOfTwoSharing_CheckGoesOnForTheOther()
    {
        await using var f = new EngineFixture();
        f.Sut.Upsert(EngineFixture.Member("a", 0, EngineFixture.Spec(delay: 1)));
        f.Sut.Upsert(EngineFixture.Member("b", 0, EngineFixture.Spec(delay: 1)));
        f.Advance(0.5);

        Assert.True(f.Sut.Remove("a"));
        f.Advance(3);

        Assert.Equal(4, f.Prober.Calls);
        Assert.Equal(4, f.Sut.GetHistory("b").Count);
        Assert.Equal(1, f.Sut.GetStatus().Targets);
    }

    [Fact]
    public async Task AdminStateDown_MemberOrMonitor_UnavailableAndNoProbes()
    {
        await using var f = new EngineFixture();
        var member = EngineFixture.Member("m1", spec: EngineFixture.Spec(delay: 1, rise: 1)) with { AdminStateUp = false };
        f.Sut.Upsert(member);
        f.Advance(10);

        Assert.Equal(HealthState.Unavailable, f.Sut.GetMember("m1")!.State);
        Assert.Equal(0, f.Prober.Calls);
        Assert.Equal(0, f.Sut.GetStatus().Targets);

        f.Sut.Upsert(member with { AdminStateUp = true });
        var enabled = Assert.Single(f.EventsOf("m1")).Transition!;
        Assert.Equal((HealthState.Unavailable, HealthState.Initial), (enabled.From, enabled.To));
        f.Advance(1);
        Assert.Equal(HealthState.Healthy, f.Sut.GetMember("m1")!.State);
        var calls = f.Prober.Calls;
        Assert.True(calls >= 1);

        f.Sut.Upsert(member with { AdminStateUp = true, Spec = member.Spec with { AdminStateUp = false } });
        f.Advance(10);

        Assert.Equal(HealthState.Unavailable, f.Sut.GetMember("m1")!.State);
        Assert.Equal(calls, f.Prober.Calls);
        Assert.Equal(HealthState.Unavailable, f.EventsOf("m1")[^1].Transition!.To);
    }

    [Fact]
    public async Task WeightZero_Member_UnusedWhileStillChecked()
    {
        await using var f = new EngineFixture();
        var member = EngineFixture.Member("m1", spec: EngineFixture.Spec(delay: 1, rise: 1)) with { Weight = 0 };
        f.Sut.Upsert(member);
        f.Advance(2.5);

        Assert.Equal(HealthState.Unused, f.Sut.GetMember("m1")!.State);
        Assert.Equal(3, f.Prober.Calls);
        Assert.Empty(f.EventsOf("m1"));

        f.Sut.Upsert(member with { Weight = 5 });

        var shown = Assert.Single(f.EventsOf("m1")).Transition!;
        Assert.Equal((HealthState.Unused, HealthState.Healthy, TransitionCause.Weight), (shown.From, shown.To, shown.Cause));
        Assert.Equal(HealthState.Healthy, f.Sut.GetMember("m1")!.State);
    }

    [Fact]
    public async Task RestoredState_AfterRestart_KeptUntilChecksConfirm()
    {
        await using var f = new EngineFixture();
        var since = f.Clock.GetUtcNow().AddHours(-1);
        f.Sut.Upsert(EngineFixture.Member("m1", spec: EngineFixture.Spec(delay: 1, rise: 2)) with
        {
            RestoredState = HealthState.Healthy,
            RestoredSince = since,
        });

        var restored = f.Sut.GetMember("m1")!;
        Assert.Equal((HealthState.Healthy, true, since), (restored.State, restored.IsRestored, restored.Since));

        f.Advance(0.5);
        Assert.True(f.Sut.GetMember("m1")!.IsRestored); // one pass of two

        f.Advance(1);
        var confirmed = f.Sut.GetMember("m1")!;
        Assert.Equal((HealthState.Healthy, false, since), (confirmed.State, confirmed.IsRestored, confirmed.Since));
        Assert.Empty(f.EventsOf("m1"));
    }

    [Fact]
    public async Task RestoredState_ContradictedByChecks_Transitions()
    {
        await using var f = new EngineFixture();
        f.Prober.Answer = _ => FakeProber.Fail(f.Clock);
        f.Sut.Upsert(EngineFixture.Member("m1", spec: EngineFixture.Spec(delay: 1, fall: 2)) with
        {
            RestoredState = HealthState.Healthy,
        });

        f.Advance(1.5);

        var down = Assert.Single(f.EventsOf("m1")).Transition!;
        Assert.Equal((HealthState.Healthy, HealthState.Unhealthy), (down.From, down.To));
        Assert.False(f.Sut.GetMember("m1")!.IsRestored);
    }
}
