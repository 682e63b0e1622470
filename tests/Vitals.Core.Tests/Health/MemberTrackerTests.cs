using Vitals.Core.Health;
using Vitals.Core.Probing;

namespace Vitals.Core.Tests.Health;

public sealed class MemberTrackerTests
{
    private static readonly HealthThresholds RiseTwoFallTwo = new(2, 2);

    public static TheoryData<HealthState> Verdicts() => new(HealthState.Initial, HealthState.Healthy, HealthState.Unhealthy);

    [Fact]
    public void Constructor_NoRestoredState_StartsInitialSinceNow()
    {
        var sut = new MemberTracker(RiseTwoFallTwo, Sample.T0);

        Assert.Equal(HealthState.Initial, sut.State);
        Assert.Equal(TrackerState.Initial, sut.Checks);
        Assert.Equal(Sample.T0, sut.Since);
        Assert.False(sut.IsRestored);
        Assert.False(sut.IsFlapping);
        Assert.Null(sut.LastResult);
        Assert.Empty(sut.History());
        Assert.Equal(RiseTwoFallTwo, sut.Thresholds);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(-1, 3)]
    public void Constructor_ThresholdBelowOne_Throws(int rise, int fall) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MemberTracker(new HealthThresholds(rise, fall), Sample.T0));

    [Fact]
    public void ChangeMonitor_ThresholdBelowOne_ThrowsAndKeepsState()
    {
        var sut = new MemberTracker(RiseTwoFallTwo, Sample.T0);

        Assert.Throws<ArgumentOutOfRangeException>(() => sut.ChangeMonitor(new HealthThresholds(0, 2), startOver: true, Sample.At(1)));
        Assert.Equal(RiseTwoFallTwo, sut.Thresholds);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    public void Observe_RisePassesFromInitial_TransitionCarriesTheRunAsEvidence(int rise)
    {
        var sut = new MemberTracker(new HealthThresholds(rise, 3), Sample.T0);

        for (var i = 1; i < rise; i++)
        {
            Assert.Null(sut.Observe(Sample.Pass(i), Sample.At(i)).Transition);
        }

        var update = sut.Observe(Sample.Pass(rise), Sample.At(rise));

        var t = Assert.IsType<HealthTransition>(update.Transition);
        Assert.Equal(HealthState.Initial, t.From);
        Assert.Equal(HealthState.Healthy, t.To);
        Assert.Equal(Sample.At(rise), t.At);
        Assert.Equal(TransitionCause.Checks, t.Cause);
        Assert.Equal(ReasonCode.None, t.Reason);
        Assert.Equal(Enumerable.Range(1, rise).Select(Sample.At), Sample.Instants(t.Evidence));
        Assert.Equal(HealthState.Healthy, sut.State);
        Assert.Equal(Sample.At(rise), sut.Since);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Observe_FallFailuresFromInitial_FirstVerdictUnhealthyWithDecidingReason(int fall)
    {
        var sut = new MemberTracker(new HealthThresholds(3, fall), Sample.T0);

        for (var i = 1; i < fall; i++)
        {
            Assert.Null(sut.Observe(Sample.Fail(i, ReasonCode.ConnectFailed), Sample.At(i)).Transition);
        }

        var t = sut.Observe(Sample.Fail(fall, ReasonCode.ConnectTimeout), Sample.At(fall)).Transition;

        Assert.NotNull(t);
        Assert.Equal((HealthState.Initial, HealthState.Unhealthy), (t.From, t.To));
        Assert.Equal(ReasonCode.ConnectTimeout, t.Reason);
        Assert.Equal(Enumerable.Range(1, fall).Select(Sample.At), Sample.Instants(t.Evidence));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Observe_FallFailuresFromHealthy_EvidenceIsOnlyTheFailingRunOldestFirst(int fall)
    {
        ReasonCode[] reasons = [ReasonCode.RecvResponseTimeout, ReasonCode.ConnectInterrupt, ReasonCode.HttpInvalidHeader];
        var sut = new MemberTracker(new HealthThresholds(1, fall), Sample.T0);
        sut.Observe(Sample.Pass(1), Sample.At(1));
        sut.Observe(Sample.Pass(2), Sample.At(2));

        HealthTransition? t = null;
        for (var i = 0; i < fall; i++)
        {
            Assert.Null(t);
            Assert.Equal(HealthState.Healthy, sut.State);
            t = sut.Observe(Sample.Fail(10 + i, reasons[i]), Sample.At(10 + i)).Transition;
        }

        Assert.NotNull(t);
        Assert.Equal(HealthState.Healthy, t.From);
        Assert.Equal(HealthState.Unhealthy, t.To);
        Assert.Equal(Sample.At(10 + fall - 1), t.At);
        Assert.Equal(TransitionCause.Checks, t.Cause);
        Assert.Equal(reasons[fall - 1], t.Reason);
        Assert.Equal(Enumerable.Range(10, fall).Select(Sample.At), Sample.Instants(t.Evidence));
        Assert.All(t.Evidence, r => Assert.False(r.IsSuccess));
        Assert.Equal(t.At, sut.Since);
    }

    [Fact]
    public void Observe_RisePassesFromUnhealthy_HealthyWithReasonNone()
    {
        var sut = new MemberTracker(new HealthThresholds(3, 1), Sample.T0);
        sut.Observe(Sample.Fail(1), Sample.At(1));

        Assert.Null(sut.Observe(Sample.Pass(2), Sample.At(2)).Transition);
        Assert.Null(sut.Observe(Sample.Pass(3), Sample.At(3)).Transition);
        var t = sut.Observe(Sample.Pass(4), Sample.At(4)).Transition;

        Assert.NotNull(t);
        Assert.Equal((HealthState.Unhealthy, HealthState.Healthy, ReasonCode.None), (t.From, t.To, t.Reason));
        Assert.Equal([Sample.At(2), Sample.At(3), Sample.At(4)], Sample.Instants(t.Evidence));
    }

    [Fact]
    public void Observe_AfterTransition_EvidenceIsASnapshot()
    {
        var sut = new MemberTracker(new HealthThresholds(2, 2), Sample.T0);
        sut.Observe(Sample.Pass(1), Sample.At(1));
        var t = sut.Observe(Sample.Pass(2), Sample.At(2)).Transition!;

        sut.Observe(Sample.Fail(3), Sample.At(3));
        sut.Observe(Sample.Fail(4), Sample.At(4));

        Assert.Equal([Sample.At(1), Sample.At(2)], Sample.Instants(t.Evidence));
    }

    [Fact]
    public void Observe_ManyResults_HistoryKeepsTheNewestOldestFirst()
    {
        var sut = new MemberTracker(RiseTwoFallTwo, Sample.T0, new MemberTrackerOptions { HistoryLength = 4 });

        for (var i = 1; i <= 9; i++)
        {
            sut.Observe(i % 3 == 0 ? Sample.Fail(i) : Sample.Pass(i), Sample.At(i));
        }

        Assert.Equal(Enumerable.Range(6, 4).Select(Sample.At), Sample.Instants(sut.History()));
        Assert.Equal(Sample.At(9), sut.LastResult?.CheckedAt);
    }

    [Theory]
    [MemberData(nameof(Verdicts))]
    public void SetWeightZero_AnyVerdict_UnusedThenBackToTheVerdict(HealthState verdict)
    {
        var sut = Reach(verdict, out var second);

        var toUnused = sut.SetWeightZero(true, Sample.At(second + 1));
        var again = sut.SetWeightZero(true, Sample.At(second + 2));
        var back = sut.SetWeightZero(false, Sample.At(second + 3));

        Assert.NotNull(toUnused);
        Assert.Equal((verdict, HealthState.Unused, TransitionCause.Weight, ReasonCode.None), (toUnused.From, toUnused.To, toUnused.Cause, toUnused.Reason));
        Assert.Equal(Sample.At(second + 1), toUnused.At);
        Assert.Empty(toUnused.Evidence);
        Assert.Null(again);
        Assert.NotNull(back);
        Assert.Equal((HealthState.Unused, verdict, TransitionCause.Weight), (back.From, back.To, back.Cause));
        Assert.Equal(verdict, sut.State);
        Assert.Equal(Sample.At(second + 3), sut.Since);
    }

    [Theory]
    [InlineData(HealthState.Healthy, HealthState.Unhealthy)]
    [InlineData(HealthState.Unhealthy, HealthState.Healthy)]
    [InlineData(HealthState.Initial, HealthState.Healthy)]
    [InlineData(HealthState.Initial, HealthState.Unhealthy)]
    public void Observe_WhileWeightZero_StaysUnusedAndShowsTheNewVerdictAfter(HealthState verdict, HealthState newVerdict)
    {
        var sut = Reach(verdict, out var second);
        sut.SetWeightZero(true, Sample.At(++second));
        var sinceUnused = sut.Since;

        for (var i = 0; i < 3; i++)
        {
            second++;
            var result = newVerdict == HealthState.Healthy ? Sample.Pass(second) : Sample.Fail(second);
            var update = sut.Observe(result, Sample.At(second));
            Assert.Null(update.Transition);
            Assert.Equal(HealthState.Unused, sut.State);
        }

        Assert.Equal(newVerdict, sut.Checks.State);
        Assert.Equal(sinceUnused, sut.Since);
        var back = sut.SetWeightZero(false, Sample.At(++second));
        Assert.Equal((HealthState.Unused, newVerdict), (back!.From, back.To));
    }

    [Theory]
    [MemberData(nameof(Verdicts))]
    public void SetChecksEnabled_Off_UnavailableWhateverTheResults(HealthState verdict)
    {
        var sut = Reach(verdict, out var second);

        var off = sut.SetChecksEnabled(false, Sample.At(++second));
        var updates = new List<TrackerUpdate>();
        for (var i = 0; i < 3; i++)
        {
            second++;
            updates.Add(sut.Observe(Sample.Fail(second), Sample.At(second)));
            updates.Add(sut.Observe(Sample.Pass(second), Sample.At(second)));
        }

        Assert.NotNull(off);
        Assert.Equal((verdict, HealthState.Unavailable, TransitionCause.ChecksToggled), (off.From, off.To, off.Cause));
        Assert.Empty(off.Evidence);
        Assert.All(updates, u => Assert.Equal(TrackerUpdate.None, u));
        Assert.Equal(HealthState.Unavailable, sut.State);
        Assert.Null(sut.SetChecksEnabled(false, Sample.At(++second)));
    }

    [Theory]
    [MemberData(nameof(Verdicts))]
    public void SetChecksEnabled_OnAgain_StartsOverFromInitial(HealthState verdict)
    {
        var sut = Reach(verdict, out var second);
        sut.SetChecksEnabled(false, Sample.At(++second));

        var on = sut.SetChecksEnabled(true, Sample.At(++second));

        Assert.NotNull(on);
        Assert.Equal((HealthState.Unavailable, HealthState.Initial, TransitionCause.ChecksToggled), (on.From, on.To, on.Cause));
        Assert.Equal(TrackerState.Initial, sut.Checks);
        Assert.Equal(Sample.At(second), sut.Since);
        Assert.Null(sut.SetChecksEnabled(true, Sample.At(++second)));

        // A fresh verdict needs a full rise again.
        Assert.Null(sut.Observe(Sample.Pass(++second), Sample.At(second)).Transition);
        var t = sut.Observe(Sample.Pass(++second), Sample.At(second)).Transition;
        Assert.Equal((HealthState.Initial, HealthState.Healthy), (t!.From, t.To));
    }

    [Fact]
    public void SetChecksEnabled_OffWithWeightZero_UnavailableWinsAndOnShowsUnused()
    {
        var sut = Reach(HealthState.Healthy, out var second);
        sut.SetWeightZero(true, Sample.At(++second));

        var off = sut.SetChecksEnabled(false, Sample.At(++second));
        var on = sut.SetChecksEnabled(true, Sample.At(++second));
        var weight = sut.SetWeightZero(false, Sample.At(++second));

        Assert.Equal((HealthState.Unused, HealthState.Unavailable), (off!.From, off.To));
        Assert.Equal((HealthState.Unavailable, HealthState.Unused), (on!.From, on.To));
        Assert.Equal((HealthState.Unused, HealthState.Initial), (weight!.From, weight.To));
    }

    [Fact]
    public void SetWeightZero_WhileChecksOff_NoTransition()
    {
        var sut = Reach(HealthState.Healthy, out var second);
        sut.SetChecksEnabled(false, Sample.At(++second));

        Assert.Null(sut.SetWeightZero(true, Sample.At(++second)));
        Assert.Null(sut.SetWeightZero(false, Sample.At(++second)));
        Assert.Equal(HealthState.Unavailable, sut.State);
    }

    [Theory]
    [InlineData(HealthState.Healthy)]
    [InlineData(HealthState.Unhealthy)]
    public void ChangeMonitor_StartOver_BackToInitialWithNewThresholds(HealthState verdict)
    {
        var sut = Reach(verdict, out var second);

        var t = sut.ChangeMonitor(new HealthThresholds(1, 1), startOver: true, Sample.At(++second));

        Assert.NotNull(t);
        Assert.Equal((verdict, HealthState.Initial, TransitionCause.MonitorChanged, ReasonCode.None), (t.From, t.To, t.Cause, t.Reason));
        Assert.Equal(new HealthThresholds(1, 1), sut.Thresholds);
        Assert.Equal(TrackerState.Initial, sut.Checks);
        var first = sut.Observe(Sample.Pass(++second), Sample.At(second)).Transition;
        Assert.Equal((HealthState.Initial, HealthState.Healthy), (first!.From, first.To));
    }

    [Fact]
    public void ChangeMonitor_StartOverFromInitial_NoTransition()
    {
        var sut = new MemberTracker(RiseTwoFallTwo, Sample.T0);
        sut.Observe(Sample.Pass(1), Sample.At(1));

        Assert.Null(sut.ChangeMonitor(new HealthThresholds(3, 3), startOver: true, Sample.At(2)));
        Assert.Equal(TrackerState.Initial, sut.Checks);
        Assert.Equal(Sample.T0, sut.Since);
    }

    [Fact]
    public void ChangeMonitor_KeepVerdict_VerdictStandsAndCountsRestartUnderNewFall()
    {
        var sut = new MemberTracker(new HealthThresholds(1, 3), Sample.T0);
        sut.Observe(Sample.Pass(1), Sample.At(1));
        sut.Observe(Sample.Fail(2), Sample.At(2));
        sut.Observe(Sample.Fail(3), Sample.At(3));

        var t = sut.ChangeMonitor(new HealthThresholds(1, 2), startOver: false, Sample.At(4));

        Assert.Null(t);
        Assert.Equal(new TrackerState(HealthState.Healthy, 0, 0), sut.Checks);
        Assert.Equal(Sample.At(1), sut.Since);
        Assert.Null(sut.Observe(Sample.Fail(5), Sample.At(5)).Transition);
        var down = sut.Observe(Sample.Fail(6), Sample.At(6)).Transition;
        Assert.Equal((HealthState.Healthy, HealthState.Unhealthy), (down!.From, down.To));
        Assert.Equal([Sample.At(5), Sample.At(6)], Sample.Instants(down.Evidence));
    }

    [Fact]
    public void ChangeMonitor_KeepVerdictInInitial_RunStartsOver()
    {
        var sut = new MemberTracker(new HealthThresholds(3, 3), Sample.T0);
        sut.Observe(Sample.Pass(1), Sample.At(1));
        sut.Observe(Sample.Pass(2), Sample.At(2));

        sut.ChangeMonitor(new HealthThresholds(3, 3), startOver: false, Sample.At(3));

        Assert.Null(sut.Observe(Sample.Pass(4), Sample.At(4)).Transition);
        Assert.Null(sut.Observe(Sample.Pass(5), Sample.At(5)).Transition);
        Assert.NotNull(sut.Observe(Sample.Pass(6), Sample.At(6)).Transition);
    }

    [Fact]
    public void ChangeMonitor_WhileWeightZero_NoTransitionButVerdictResets()
    {
        var sut = Reach(HealthState.Healthy, out var second);
        sut.SetWeightZero(true, Sample.At(++second));

        Assert.Null(sut.ChangeMonitor(RiseTwoFallTwo, startOver: true, Sample.At(++second)));
        Assert.Equal(HealthState.Unused, sut.State);
        Assert.Equal(TrackerState.Initial, sut.Checks);
    }

    [Theory]
    [InlineData(HealthState.Healthy)]
    [InlineData(HealthState.Unhealthy)]
    public void Constructor_RestoredVerdict_ReportedAsRestoredSinceRestoredSince(HealthState restored)
    {
        var since = Sample.T0.AddHours(-5);

        var sut = new MemberTracker(RiseTwoFallTwo, Sample.T0, restored: restored, restoredSince: since);

        Assert.Equal(restored, sut.State);
        Assert.True(sut.IsRestored);
        Assert.Equal(since, sut.Since);
        Assert.Equal(new TrackerState(restored, 0, 0), sut.Checks);
    }

    [Fact]
    public void Constructor_RestoredWithoutSince_SinceIsNow()
    {
        var sut = new MemberTracker(RiseTwoFallTwo, Sample.T0, restored: HealthState.Healthy);

        Assert.True(sut.IsRestored);
        Assert.Equal(Sample.T0, sut.Since);
    }

    [Theory]
    [InlineData(HealthState.Initial)]
    [InlineData(HealthState.Unused)]
    [InlineData(HealthState.Unavailable)]
    public void Constructor_RestoredNonVerdict_StartsInitialNotRestored(HealthState restored)
    {
        var sut = new MemberTracker(RiseTwoFallTwo, Sample.T0, restored: restored, restoredSince: Sample.T0.AddHours(-1));

        Assert.Equal(HealthState.Initial, sut.State);
        Assert.False(sut.IsRestored);
        Assert.Equal(Sample.T0, sut.Since);
    }

    [Theory]
    [InlineData(HealthState.Healthy, 1)]
    [InlineData(HealthState.Healthy, 3)]
    [InlineData(HealthState.Unhealthy, 1)]
    [InlineData(HealthState.Unhealthy, 3)]
    public void Observe_ChecksConfirmRestoredVerdict_RestoredMarkClearsWithoutTransition(HealthState restored, int threshold)
    {
        var since = Sample.T0.AddHours(-5);
        var sut = new MemberTracker(new HealthThresholds(threshold, threshold), Sample.T0, restored: restored, restoredSince: since);

        for (var i = 1; i <= threshold; i++)
        {
            Assert.True(sut.IsRestored, $"before result {i}");
            var result = restored == HealthState.Healthy ? Sample.Pass(i) : Sample.Fail(i);
            Assert.Null(sut.Observe(result, Sample.At(i)).Transition);
        }

        Assert.False(sut.IsRestored);
        Assert.Equal(restored, sut.State);
        Assert.Equal(since, sut.Since);
    }

    [Theory]
    [InlineData(HealthState.Healthy, HealthState.Unhealthy)]
    [InlineData(HealthState.Unhealthy, HealthState.Healthy)]
    public void Observe_ChecksOverturnRestoredVerdict_TransitionAndNotRestored(HealthState restored, HealthState overturned)
    {
        var sut = new MemberTracker(RiseTwoFallTwo, Sample.T0, restored: restored, restoredSince: Sample.T0.AddHours(-5));

        var first = sut.Observe(overturned == HealthState.Healthy ? Sample.Pass(1) : Sample.Fail(1), Sample.At(1));
        Assert.True(sut.IsRestored);
        var second = sut.Observe(overturned == HealthState.Healthy ? Sample.Pass(2) : Sample.Fail(2), Sample.At(2));

        Assert.Null(first.Transition);
        Assert.Equal((restored, overturned, TransitionCause.Checks), (second.Transition!.From, second.Transition.To, second.Transition.Cause));
        Assert.False(sut.IsRestored);
        Assert.Equal(Sample.At(2), sut.Since);
    }

    [Fact]
    public void Observe_RestoredRunInterrupted_StillRestoredUntilAFullRun()
    {
        var sut = new MemberTracker(new HealthThresholds(3, 3), Sample.T0, restored: HealthState.Healthy);

        sut.Observe(Sample.Pass(1), Sample.At(1));
        sut.Observe(Sample.Pass(2), Sample.At(2));
        sut.Observe(Sample.Fail(3), Sample.At(3));
        sut.Observe(Sample.Pass(4), Sample.At(4));
        sut.Observe(Sample.Pass(5), Sample.At(5));
        Assert.True(sut.IsRestored);

        sut.Observe(Sample.Pass(6), Sample.At(6));
        Assert.False(sut.IsRestored);
    }

    [Fact]
    public void Observe_RestoredConfirmedWhileWeightZero_NotRestoredAfterwards()
    {
        var sut = new MemberTracker(RiseTwoFallTwo, Sample.T0, restored: HealthState.Healthy, restoredSince: Sample.T0.AddHours(-1));
        sut.SetWeightZero(true, Sample.At(1));

        sut.Observe(Sample.Pass(2), Sample.At(2));
        sut.Observe(Sample.Pass(3), Sample.At(3));
        sut.SetWeightZero(false, Sample.At(4));

        Assert.Equal(HealthState.Healthy, sut.State);
        Assert.False(sut.IsRestored);
    }

    [Fact]
    public void ChangeMonitor_StartOverFromRestored_NoLongerRestored()
    {
        var sut = new MemberTracker(RiseTwoFallTwo, Sample.T0, restored: HealthState.Healthy, restoredSince: Sample.T0.AddHours(-1));

        var t = sut.ChangeMonitor(RiseTwoFallTwo, startOver: true, Sample.At(1));

        Assert.Equal((HealthState.Healthy, HealthState.Initial), (t!.From, t.To));
        Assert.False(sut.IsRestored);
    }

    [Fact]
    public void ChangeMonitor_KeepVerdictFromRestored_StillRestored()
    {
        var since = Sample.T0.AddHours(-1);
        var sut = new MemberTracker(RiseTwoFallTwo, Sample.T0, restored: HealthState.Unhealthy, restoredSince: since);

        Assert.Null(sut.ChangeMonitor(new HealthThresholds(3, 3), startOver: false, Sample.At(1)));

        Assert.True(sut.IsRestored);
        Assert.Equal(HealthState.Unhealthy, sut.State);
        Assert.Equal(since, sut.Since);
    }

    [Fact]
    public void SetChecksEnabled_OffFromRestored_NoLongerRestored()
    {
        var sut = new MemberTracker(RiseTwoFallTwo, Sample.T0, restored: HealthState.Healthy, restoredSince: Sample.T0.AddHours(-1));

        sut.SetChecksEnabled(false, Sample.At(1));

        Assert.Equal(HealthState.Unavailable, sut.State);
        Assert.False(sut.IsRestored);
    }

    [Fact]
    public void Observe_AlternatingVerdicts_FlappingMarkedOnceThenClearsAsChangesAgeOut()
    {
        var options = new MemberTrackerOptions
        {
            Flap = new FlapPolicy { Changes = 3, Window = TimeSpan.FromMinutes(1), SettleChanges = 1 },
        };
        var sut = new MemberTracker(new HealthThresholds(1, 1), Sample.T0, options);

        // Initial->Healthy, ->Unhealthy, ->Healthy, ->Unhealthy at seconds 0..3. The first verdict out of Initial is
        // not a flip; the third flip (second 3) marks flapping.
        var flips = new List<bool>();
        for (var i = 0; i < 4; i++)
        {
            var update = sut.Observe(i % 2 == 0 ? Sample.Pass(i) : Sample.Fail(i), Sample.At(i));
            Assert.NotNull(update.Transition);
            flips.Add(update.FlappingChanged);
        }

        Assert.Equal([false, false, false, true], flips);
        Assert.True(sut.IsFlapping);

        // The member settles (Unhealthy, failing every 10 s). Until 60 s three changes remain within the window;
        // at 70 s none does, and that later observation clears the mark.
        var cleared = new List<int>();
        for (var s = 10; s <= 120; s += 10)
        {
            var update = sut.Observe(Sample.Fail(s), Sample.At(s));
            Assert.Null(update.Transition);
            if (update.FlappingChanged)
            {
                cleared.Add(s);
            }
        }

        Assert.Equal([70], cleared);
        Assert.False(sut.IsFlapping);
    }

    [Fact]
    public void Observe_ChangesSlowerThanTheWindow_NeverFlapping()
    {
        var sut = new MemberTracker(new HealthThresholds(1, 1), Sample.T0);

        for (var i = 0; i < 30; i++)
        {
            var s = i * 180;
            var update = sut.Observe(i % 2 == 0 ? Sample.Pass(s) : Sample.Fail(s), Sample.At(s));
            Assert.NotNull(update.Transition);
            Assert.False(update.FlappingChanged);
        }

        Assert.False(sut.IsFlapping);
    }

    /// <summary>A tracker (rise 2, fall 2) whose checks reached <paramref name="verdict"/>; <paramref name="second"/> is the last instant used.</summary>
    private static MemberTracker Reach(HealthState verdict, out int second)
    {
        var sut = new MemberTracker(RiseTwoFallTwo, Sample.T0);
        second = 0;
        if (verdict == HealthState.Initial)
        {
            return sut;
        }

        for (var i = 0; i < 2; i++)
        {
            second++;
            sut.Observe(verdict == HealthState.Healthy ? Sample.Pass(second) : Sample.Fail(second), Sample.At(second));
        }

        Assert.Equal(verdict, sut.State);
        return sut;
    }
}
