using Vitals.Core.Health;
using Vitals.Core.Probing;
using Vitals.Core.Traffic;

namespace Vitals.Core.Tests.Traffic;

public sealed class RotationRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    private static MemberFacts Facts(string id, HealthState state, bool admin = true, int weight = 10, bool checksOff = false,
        bool denied = false, int passes = 0, int failures = 0, int sinceMinutes = 0, ReasonCode reason = ReasonCode.None) =>
        new(id, state, admin, weight, checksOff, denied, T0.AddMinutes(sinceMinutes), passes, failures, reason);

    [Theory]
    [InlineData(HealthState.Healthy, true, 10, false, false, RotationState.Ready)]
    [InlineData(HealthState.Unhealthy, true, 10, false, false, RotationState.Down)]
    [InlineData(HealthState.Initial, true, 10, false, false, RotationState.Unknown)]
    [InlineData(HealthState.Healthy, false, 10, false, false, RotationState.Maint)]
    [InlineData(HealthState.Unavailable, false, 10, false, false, RotationState.Maint)]
    [InlineData(HealthState.Unhealthy, true, 0, false, false, RotationState.Drain)]
    [InlineData(HealthState.Unused, true, 0, false, false, RotationState.Drain)]
    [InlineData(HealthState.Unavailable, true, 10, true, false, RotationState.Ready)]
    [InlineData(HealthState.Unavailable, true, 10, false, true, RotationState.Unknown)]
    [InlineData(HealthState.Unavailable, false, 10, false, true, RotationState.Maint)]
    [InlineData(HealthState.Unavailable, true, 10, false, false, RotationState.Unknown)]
    public void Of_EachCase_GivesTheRotation(HealthState state, bool admin, int weight, bool checksOff, bool denied, RotationState expected)
    {
        var sut = RotationRules.Of(Facts("m", state, admin, weight, checksOff, denied, reason: ReasonCode.ConnectFailed));

        Assert.Equal(expected, sut.State);
        Assert.Equal(expected == RotationState.Ready ? weight : 0, sut.Weight);
        Assert.Equal(expected == RotationState.Down ? ReasonCode.ConnectFailed : ReasonCode.None, sut.Reason);
        Assert.False(sut.KeptByPanic);
    }

    [Fact]
    public void Decide_WithoutThreshold_LeavesAnEmptyPoolEmpty()
    {
        MemberFacts[] members = [Facts("a", HealthState.Unhealthy), Facts("b", HealthState.Unhealthy)];
        var into = new Rotation[2];

        var panic = RotationRules.Decide(members, null, null, into);

        Assert.Null(panic);
        Assert.All(into, r => Assert.Equal(RotationState.Down, r.State));
    }

    [Fact]
    public void Decide_EnoughHealthy_IsNoPanic()
    {
        MemberFacts[] members = [Facts("a", HealthState.Healthy), Facts("b", HealthState.Healthy), Facts("c", HealthState.Unhealthy)];
        var into = new Rotation[3];

        var panic = RotationRules.Decide(members, 60, null, into);

        Assert.Null(panic);
        Assert.Equal(RotationState.Down, into[2].State);
    }

    [Fact]
    public void Decide_BelowThreshold_KeepsTheLeastBadUntilTheRequiredCount()
    {
        // 5 eligible, 50 % → 3 must stay; 1 is healthy, so 2 failing members are kept.
        MemberFacts[] members =
        [
            Facts("healthy", HealthState.Healthy),
            Facts("long-dead", HealthState.Unhealthy, failures: 900, sinceMinutes: -60, reason: ReasonCode.ConnectFailed),
            Facts("recovering", HealthState.Unhealthy, passes: 1, failures: 0, sinceMinutes: -50, reason: ReasonCode.HttpCodeNotMatch),
            Facts("just-failed", HealthState.Unhealthy, failures: 3, sinceMinutes: -1, reason: ReasonCode.HttpCodeNotMatch),
            Facts("failing-longer", HealthState.Unhealthy, failures: 3, sinceMinutes: -5, reason: ReasonCode.HttpCodeNotMatch),
        ];
        var into = new Rotation[5];

        var panic = RotationRules.Decide(members, 50, null, into);

        Assert.NotNull(panic);
        Assert.Equal((5, 1, 3), (panic.Eligible, panic.Healthy, panic.Required));
        Assert.Equal(["recovering", "just-failed"], panic.Kept);
        Assert.Equal(RotationState.Ready, into[2].State);
        Assert.True(into[2].KeptByPanic);
        Assert.Equal(ReasonCode.HttpCodeNotMatch, into[2].Reason);
        Assert.Equal(RotationState.Ready, into[3].State);
        Assert.Equal(RotationState.Down, into[1].State);
        Assert.Equal(RotationState.Down, into[4].State);
        Assert.False(into[0].KeptByPanic);
        Assert.Contains("1 of 5 members healthy", panic.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_KeptBefore_StayKeptOverABetterCandidate()
    {
        MemberFacts[] members =
        [
            Facts("a", HealthState.Unhealthy, failures: 50),
            Facts("b", HealthState.Unhealthy, failures: 3),
        ];
        var into = new Rotation[2];

        var panic = RotationRules.Decide(members, 50, ["a"], into);

        Assert.Equal(["a"], panic!.Kept);
        Assert.True(into[0].InRotation);
        Assert.False(into[1].InRotation);
    }

    [Fact]
    public void Decide_AllInitial_IsNoPanicAndChangesNothing()
    {
        MemberFacts[] members = [Facts("a", HealthState.Initial), Facts("b", HealthState.Initial)];
        var into = new Rotation[2];

        Assert.Null(RotationRules.Decide(members, 100, null, into));
        Assert.All(into, r => Assert.Equal(RotationState.Unknown, r.State));
    }

    [Fact]
    public void Decide_SwitchedOffAndDrainedMembers_DoNotCountAndAreNeverKept()
    {
        MemberFacts[] members =
        [
            Facts("off", HealthState.Unhealthy, admin: false),
            Facts("drained", HealthState.Unhealthy, weight: 0),
            Facts("down", HealthState.Unhealthy),
        ];
        var into = new Rotation[3];

        var panic = RotationRules.Decide(members, 100, null, into);

        Assert.Equal((1, 0, 1), (panic!.Eligible, panic.Healthy, panic.Required));
        Assert.Equal(["down"], panic.Kept);
        Assert.Equal(RotationState.Maint, into[0].State);
        Assert.Equal(RotationState.Drain, into[1].State);
    }

    [Theory]
    [InlineData(10, 1, 1)]
    [InlineData(10, 25, 3)]
    [InlineData(3, 34, 2)]
    [InlineData(4, 100, 4)]
    public void Decide_RequiredCount_RoundsUp(int count, int percent, int required)
    {
        var members = new MemberFacts[count];
        for (var i = 0; i < count; i++)
        {
            members[i] = Facts($"m{i:00}", HealthState.Unhealthy);
        }

        var into = new Rotation[count];
        var panic = RotationRules.Decide(members, percent, null, into);

        Assert.Equal(required, panic!.Required);
        Assert.Equal(required, into.Count(r => r.InRotation));
    }
}
