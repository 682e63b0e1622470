using Vitals.Core.Health;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;

namespace Vitals.Core.Tests.Health;

public sealed class HealthTrackerTests
{
    private const ProbeOutcome Pass = ProbeOutcome.Success;
    private const ProbeOutcome Fail = ProbeOutcome.Failure;

    /// <summary>Every rise and fall from 1 to 3, plus the extremes of the allowed range.</summary>
    public static TheoryData<int, int> Thresholds()
    {
        var data = new TheoryData<int, int>();
        for (var rise = 1; rise <= 3; rise++)
        {
            for (var fall = 1; fall <= 3; fall++)
            {
                data.Add(rise, fall);
            }
        }

        data.Add(1, 10);
        data.Add(10, 1);
        data.Add(10, 10);
        return data;
    }

    [Theory]
    [MemberData(nameof(Thresholds))]
    public void Apply_PassesFromInitial_HealthyAfterExactlyRise(int rise, int fall)
    {
        var thresholds = new HealthThresholds(rise, fall);

        var (state, changedAt) = Run(TrackerState.Initial, thresholds, Repeat(Pass, rise + 2));

        Assert.Equal(rise, changedAt);
        Assert.Equal(HealthState.Healthy, state.State);
        Assert.Equal(rise + 2, state.Passes);
        Assert.Equal(0, state.Failures);
    }

    [Theory]
    [MemberData(nameof(Thresholds))]
    public void Apply_FailuresFromInitial_UnhealthyAfterExactlyFall(int rise, int fall)
    {
        var thresholds = new HealthThresholds(rise, fall);

        var (state, changedAt) = Run(TrackerState.Initial, thresholds, Repeat(Fail, fall + 2));

        Assert.Equal(fall, changedAt);
        Assert.Equal(HealthState.Unhealthy, state.State);
        Assert.Equal(0, state.Passes);
        Assert.Equal(fall + 2, state.Failures);
    }

    [Theory]
    [MemberData(nameof(Thresholds))]
    public void Apply_BeforeThresholdFromInitial_StaysInitialWithCounts(int rise, int fall)
    {
        var thresholds = new HealthThresholds(rise, fall);

        var (afterPasses, passChange) = Run(TrackerState.Initial, thresholds, Repeat(Pass, rise - 1));
        var (afterFailures, failChange) = Run(TrackerState.Initial, thresholds, Repeat(Fail, fall - 1));

        Assert.Null(passChange);
        Assert.Equal(new TrackerState(HealthState.Initial, rise - 1, 0), afterPasses);
        Assert.Null(failChange);
        Assert.Equal(new TrackerState(HealthState.Initial, 0, fall - 1), afterFailures);
    }

    [Theory]
    [MemberData(nameof(Thresholds))]
    public void Apply_HealthyThenFailures_UnhealthyAfterExactlyFallNotBefore(int rise, int fall)
    {
        var thresholds = new HealthThresholds(rise, fall);
        var healthy = new TrackerState(HealthState.Healthy, 7, 0);

        var (state, changedAt) = Run(healthy, thresholds, Repeat(Fail, fall));

        Assert.Equal(fall, changedAt);
        Assert.Equal(new TrackerState(HealthState.Unhealthy, 0, fall), state);
    }

    [Theory]
    [MemberData(nameof(Thresholds))]
    public void Apply_UnhealthyThenPasses_HealthyAfterExactlyRiseNotBefore(int rise, int fall)
    {
        var thresholds = new HealthThresholds(rise, fall);
        var unhealthy = new TrackerState(HealthState.Unhealthy, 0, 7);

        var (state, changedAt) = Run(unhealthy, thresholds, Repeat(Pass, rise));

        Assert.Equal(rise, changedAt);
        Assert.Equal(new TrackerState(HealthState.Healthy, rise, 0), state);
    }

    [Theory]
    [MemberData(nameof(Thresholds))]
    public void Apply_HealthyRunInterruptedByPass_CountStartsOver(int rise, int fall)
    {
        var thresholds = new HealthThresholds(rise, fall);
        var healthy = new TrackerState(HealthState.Healthy, 3, 0);
        ProbeOutcome[] outcomes = [.. Repeat(Fail, fall - 1), Pass, .. Repeat(Fail, fall - 1)];

        var (state, changedAt) = Run(healthy, thresholds, outcomes);
        var (final, changed) = HealthTracker.Apply(state, Fail, thresholds);

        Assert.Null(changedAt);
        Assert.Equal(HealthState.Healthy, state.State);
        Assert.Equal(fall - 1, state.Failures);
        Assert.True(changed);
        Assert.Equal(HealthState.Unhealthy, final.State);
    }

    [Theory]
    [MemberData(nameof(Thresholds))]
    public void Apply_UnhealthyRunInterruptedByFailure_CountStartsOver(int rise, int fall)
    {
        var thresholds = new HealthThresholds(rise, fall);
        var unhealthy = new TrackerState(HealthState.Unhealthy, 0, 3);
        ProbeOutcome[] outcomes = [.. Repeat(Pass, rise - 1), Fail, .. Repeat(Pass, rise - 1)];

        var (state, changedAt) = Run(unhealthy, thresholds, outcomes);
        var (final, changed) = HealthTracker.Apply(state, Pass, thresholds);

        Assert.Null(changedAt);
        Assert.Equal(HealthState.Unhealthy, state.State);
        Assert.Equal(rise - 1, state.Passes);
        Assert.True(changed);
        Assert.Equal(HealthState.Healthy, final.State);
    }

    [Theory]
    [MemberData(nameof(Thresholds))]
    public void Apply_AlternatingFromInitial_NoVerdictUnlessAThresholdIsOne(int rise, int fall)
    {
        var thresholds = new HealthThresholds(rise, fall);

        var (state, changedAt) = Run(TrackerState.Initial, thresholds, [Pass, Fail, Pass, Fail, Pass, Fail]);

        if (rise == 1)
        {
            Assert.Equal(1, changedAt);
            Assert.NotEqual(HealthState.Initial, state.State);
        }
        else if (fall == 1)
        {
            Assert.Equal(2, changedAt);
            Assert.NotEqual(HealthState.Initial, state.State);
        }
        else
        {
            Assert.Null(changedAt);
            Assert.Equal(new TrackerState(HealthState.Initial, 0, 1), state);
        }
    }

    [Theory]
    [InlineData(HealthState.Healthy, ProbeOutcome.Success)]
    [InlineData(HealthState.Unhealthy, ProbeOutcome.Failure)]
    public void Apply_ResultAgreeingWithVerdict_NeverChanges(HealthState verdict, ProbeOutcome outcome)
    {
        var thresholds = new HealthThresholds(1, 1);
        var state = new TrackerState(verdict, 0, 0);

        for (var i = 0; i < 20; i++)
        {
            (state, var changed) = HealthTracker.Apply(state, outcome, thresholds);
            Assert.False(changed);
        }

        Assert.Equal(verdict, state.State);
    }

    [Theory]
    [InlineData(ProbeOutcome.Success)]
    [InlineData(ProbeOutcome.Failure)]
    public void Apply_VeryLongRun_CountSaturatesWithoutOverflow(ProbeOutcome outcome)
    {
        var thresholds = new HealthThresholds(3, 3);
        var state = TrackerState.Initial;

        for (var i = 0; i < 1_000_100; i++)
        {
            (state, _) = HealthTracker.Apply(state, outcome, thresholds);
        }

        var count = outcome == ProbeOutcome.Success ? state.Passes : state.Failures;
        Assert.Equal(1_000_000, count);
    }

    [Theory]
    [InlineData(ProbeOutcome.Success)]
    [InlineData(ProbeOutcome.Failure)]
    public void Apply_CountAtIntMax_StaysPositive(ProbeOutcome outcome)
    {
        var thresholds = new HealthThresholds(3, 3);
        var state = outcome == ProbeOutcome.Success
            ? new TrackerState(HealthState.Healthy, int.MaxValue, 0)
            : new TrackerState(HealthState.Unhealthy, 0, int.MaxValue);

        var (next, changed) = HealthTracker.Apply(state, outcome, thresholds);

        Assert.False(changed);
        Assert.Equal(state, next);
    }

    [Fact]
    public void HealthThresholds_From_TakesRiseAndFallFromSpec()
    {
        var spec = new HealthMonitorSpec { Type = HealthMonitorType.Tcp, Delay = 5, Timeout = 3, MaxRetries = 2, MaxRetriesDown = 7 };

        Assert.Equal(new HealthThresholds(2, 7), HealthThresholds.From(spec));
    }

    private static ProbeOutcome[] Repeat(ProbeOutcome outcome, int count) => Enumerable.Repeat(outcome, count).ToArray();

    /// <summary>Applies the outcomes in order; returns the final state and the 1-based index of the first change.</summary>
    private static (TrackerState State, int? ChangedAt) Run(TrackerState state, HealthThresholds thresholds, ProbeOutcome[] outcomes)
    {
        int? changedAt = null;
        for (var i = 0; i < outcomes.Length; i++)
        {
            (state, var changed) = HealthTracker.Apply(state, outcomes[i], thresholds);
            if (changed && changedAt is null)
            {
                changedAt = i + 1;
            }
        }

        return (state, changedAt);
    }
}
