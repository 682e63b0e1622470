using Vitals.Core.Health;

namespace Vitals.Core.Tests.Health;

public sealed class FlapDetectorTests
{
    private static readonly FlapPolicy Policy = new() { Changes = 5, Window = TimeSpan.FromMinutes(10), SettleChanges = 1 };

    [Fact]
    public void FlapPolicy_Default_IsFiveChangesInTenMinutesSettlingAtOne()
    {
        Assert.Equal(5, FlapPolicy.Default.Changes);
        Assert.Equal(TimeSpan.FromMinutes(10), FlapPolicy.Default.Window);
        Assert.Equal(1, FlapPolicy.Default.SettleChanges);
        Assert.Same(FlapPolicy.Default, MemberTrackerOptions.Default.Flap);
    }

    [Theory]
    [InlineData(1, 0, 60)]
    [InlineData(0, 0, 60)]
    [InlineData(5, -1, 60)]
    [InlineData(5, 5, 60)]
    [InlineData(5, 6, 60)]
    [InlineData(5, 1, 0)]
    [InlineData(5, 1, -1)]
    public void Constructor_InvalidPolicy_Throws(int changes, int settle, int windowSeconds)
    {
        var policy = new FlapPolicy { Changes = changes, SettleChanges = settle, Window = TimeSpan.FromSeconds(windowSeconds) };

        Assert.Throws<ArgumentException>(() => new FlapDetector(policy));
    }

    [Fact]
    public void Constructor_NullPolicy_Throws() => Assert.Throws<ArgumentNullException>(() => new FlapDetector(null!));

    [Theory]
    [InlineData(2, 0)]
    [InlineData(3, 1)]
    [InlineData(5, 1)]
    [InlineData(5, 4)]
    public void RecordChange_NChangesWithinWindow_FlappingOnTheNth(int changes, int settle)
    {
        var sut = new FlapDetector(new FlapPolicy { Changes = changes, SettleChanges = settle, Window = TimeSpan.FromMinutes(1) });

        for (var i = 0; i < changes - 1; i++)
        {
            Assert.False(sut.RecordChange(Sample.At(i)));
            Assert.False(sut.IsFlapping);
        }

        Assert.True(sut.RecordChange(Sample.At(changes)));
        Assert.True(sut.IsFlapping);
    }

    [Fact]
    public void RecordChange_AlreadyFlapping_ReportsTheMarkOnlyOnce()
    {
        var sut = new FlapDetector(Policy);
        var reported = 0;

        for (var i = 0; i < 20; i++)
        {
            reported += sut.RecordChange(Sample.At(i * 10)) ? 1 : 0;
        }

        Assert.Equal(1, reported);
        Assert.True(sut.IsFlapping);
    }

    [Fact]
    public void RecordChange_ChangesSpreadWiderThanWindow_NeverFlapping()
    {
        var sut = new FlapDetector(Policy);

        // One change every 2.5 minutes: never more than four within any 10 minutes.
        for (var i = 0; i < 40; i++)
        {
            Assert.False(sut.RecordChange(Sample.At(i * 150)));
        }

        Assert.False(sut.IsFlapping);
    }

    [Fact]
    public void Evaluate_ChangesAgeOutOneByOne_StaysFlappingUntilSettled()
    {
        var sut = new FlapDetector(Policy);
        for (var i = 0; i < 5; i++)
        {
            sut.RecordChange(Sample.At(i * 60));     // changes at 0, 1, 2, 3, 4 minutes
        }

        Assert.True(sut.IsFlapping);

        // Each step ages one more change out of the 10-minute window: 4, 3, 2 left. Still flapping (hysteresis).
        foreach (var minute in new[] { 10, 11, 12 })
        {
            Assert.False(sut.Evaluate(Sample.At(minute * 60)), $"minute {minute}");
            Assert.True(sut.IsFlapping, $"minute {minute}");
        }

        // One change left in the window: settled.
        Assert.True(sut.Evaluate(Sample.At(13 * 60)));
        Assert.False(sut.IsFlapping);
        Assert.False(sut.Evaluate(Sample.At(30 * 60)));
    }

    [Fact]
    public void RecordChange_JustBelowThresholdAfterClearing_DoesNotBlinkBackOn()
    {
        var sut = new FlapDetector(Policy);
        for (var i = 0; i < 5; i++)
        {
            sut.RecordChange(Sample.At(i * 60));
        }

        Assert.True(sut.Evaluate(Sample.At(13 * 60)));     // settled: only the change at 4 min is in the window

        // Three new changes: with the one at 4 min, 4 are within the window, one fewer than it takes to flap.
        Assert.False(sut.RecordChange(Sample.At(790)));
        Assert.False(sut.RecordChange(Sample.At(800)));
        Assert.False(sut.RecordChange(Sample.At(810)));
        Assert.False(sut.IsFlapping);

        Assert.True(sut.RecordChange(Sample.At(820)));
        Assert.True(sut.IsFlapping);
    }

    [Fact]
    public void Evaluate_AtTheBoundaryOfTheWindow_MarkDoesNotBlink()
    {
        var sut = new FlapDetector(Policy);
        for (var i = 0; i < 5; i++)
        {
            sut.RecordChange(Sample.At(i));
        }

        // The oldest change leaves the window exactly here; 4 remain, which is above SettleChanges.
        Assert.False(sut.Evaluate(Sample.At(600)));
        Assert.False(sut.Evaluate(Sample.At(601)));
        Assert.True(sut.IsFlapping);
    }

    [Fact]
    public void CountSince_ChangeExactlyAtTheStart_IsNotCounted()
    {
        var sut = new FlapDetector(Policy);
        sut.RecordChange(Sample.At(0));
        sut.RecordChange(Sample.At(1));

        Assert.Equal(2, sut.CountSince(Sample.At(-1)));
        Assert.Equal(1, sut.CountSince(Sample.At(0)));
        Assert.Equal(0, sut.CountSince(Sample.At(1)));
    }

    [Fact]
    public void CountSince_MoreChangesThanTheRingHolds_KeepsTheNewest()
    {
        var sut = new FlapDetector(Policy);
        for (var i = 0; i < 12; i++)
        {
            sut.RecordChange(Sample.At(i));
        }

        Assert.Equal(5, sut.CountSince(Sample.At(-1)));
        Assert.Equal(4, sut.CountSince(Sample.At(7)));
        Assert.Equal(1, sut.CountSince(Sample.At(10)));
    }
}
