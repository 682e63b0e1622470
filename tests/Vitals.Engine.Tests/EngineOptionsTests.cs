using Vitals.Core.Health;

namespace Vitals.Engine.Tests;

public sealed class EngineOptionsTests
{
    public static TheoryData<string, Action<EngineOptions>> Valid => new()
    {
        { "defaults", static _ => { } },
        { "MaxInFlight", static o => o.MaxInFlight = 1 },
        { "MaxInFlight", static o => o.MaxInFlight = 1_000_000 },
        { "Tick", static o => o.Tick = TimeSpan.FromMilliseconds(1) },
        { "Tick", static o => o.Tick = TimeSpan.FromSeconds(1) },
        { "Jitter", static o => o.Jitter = 0 },
        { "Jitter", static o => o.Jitter = 0.5 },
        { "JitterCap", static o => o.JitterCap = TimeSpan.Zero },
        { "JitterCap", static o => o.JitterCap = TimeSpan.FromMinutes(10) },
        { "SkipAfter", static o => o.SkipAfter = null },
        { "SkipAfter", static o => o.SkipAfter = o.Tick },
        { "SkipAfter", static o => o.SkipAfter = TimeSpan.FromHours(1) },
        { "LagWindow", static o => o.LagWindow = TimeSpan.FromSeconds(1) },
        { "LagWindow", static o => o.LagWindow = TimeSpan.FromHours(1) },
        { "HistoryLength", static o => o.Tracker = o.Tracker with { HistoryLength = 1 } },
        { "HistoryLength", static o => o.Tracker = o.Tracker with { HistoryLength = 1000 } },
        { "Changes", static o => SetFlap(o, o.Tracker.Flap with { Changes = 2 }) },
        { "Changes", static o => SetFlap(o, o.Tracker.Flap with { Changes = 1000 }) },
        { "Window", static o => SetFlap(o, o.Tracker.Flap with { Window = TimeSpan.FromSeconds(1) }) },
        { "Window", static o => SetFlap(o, o.Tracker.Flap with { Window = TimeSpan.FromDays(1) }) },
        { "SettleChanges", static o => SetFlap(o, o.Tracker.Flap with { SettleChanges = 0 }) },
        { "SettleChanges", static o => SetFlap(o, o.Tracker.Flap with { Changes = 1000, SettleChanges = 999 }) },
    };

    public static TheoryData<string, Action<EngineOptions>> Invalid => new()
    {
        { "MaxInFlight", static o => o.MaxInFlight = 0 },
        { "MaxInFlight", static o => o.MaxInFlight = 1_000_001 },
        { "Tick", static o => o.Tick = TimeSpan.Zero },
        { "Tick", static o => o.Tick = TimeSpan.FromTicks(9_999) },
        { "Tick", static o => o.Tick = TimeSpan.FromSeconds(1) + TimeSpan.FromTicks(1) },
        { "Jitter", static o => o.Jitter = -0.01 },
        { "Jitter", static o => o.Jitter = 0.51 },
        { "Jitter", static o => o.Jitter = double.NaN },
        { "JitterCap", static o => o.JitterCap = TimeSpan.FromTicks(-1) },
        { "JitterCap", static o => o.JitterCap = TimeSpan.FromMinutes(11) },
        { "SkipAfter", static o => o.SkipAfter = TimeSpan.Zero },
        { "SkipAfter", static o => o.SkipAfter = TimeSpan.FromHours(2) },
        { "SkipAfter", static o => (o.Tick, o.SkipAfter) = (TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(9)) },
        { "LagWindow", static o => o.LagWindow = TimeSpan.FromMilliseconds(999) },
        { "LagWindow", static o => o.LagWindow = TimeSpan.FromHours(2) },
        { "Tracker", static o => o.Tracker = null! },
        { "HistoryLength", static o => o.Tracker = o.Tracker with { HistoryLength = 0 } },
        { "HistoryLength", static o => o.Tracker = o.Tracker with { HistoryLength = 1001 } },
        { "Flap", static o => SetFlap(o, null!) },
        { "Changes", static o => SetFlap(o, o.Tracker.Flap with { Changes = 1, SettleChanges = 0 }) },
        { "Changes", static o => SetFlap(o, o.Tracker.Flap with { Changes = 1001 }) },
        { "Window", static o => SetFlap(o, o.Tracker.Flap with { Window = TimeSpan.FromMilliseconds(999) }) },
        { "Window", static o => SetFlap(o, o.Tracker.Flap with { Window = TimeSpan.FromDays(2) }) },
        { "SettleChanges", static o => SetFlap(o, o.Tracker.Flap with { SettleChanges = -1 }) },
        { "SettleChanges", static o => SetFlap(o, o.Tracker.Flap with { Changes = 5, SettleChanges = 5 }) },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Check_ValidValue_Succeeds(string property, Action<EngineOptions> change)
    {
        var sut = new EngineOptions();
        change(sut);

        var result = EngineOptions.Check(sut);

        Assert.True(result.Succeeded, $"{property}: {result.FailureMessage}");
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Check_InvalidValue_FailsNamingTheProperty(string property, Action<EngineOptions> change)
    {
        var sut = new EngineOptions();
        change(sut);

        var result = EngineOptions.Check(sut);

        Assert.True(result.Failed, property);
        Assert.Contains(property, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Constructor_InvalidValue_Refused(string property, Action<EngineOptions> change)
    {
        var options = new EngineOptions();
        change(options);

        var error = Assert.Throws<ArgumentException>(() => new HealthEngine(new FakeProber(new()), TimeProvider.System, options));

        Assert.Contains(property, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var sut = new EngineOptions();

        Assert.Equal(4096, sut.MaxInFlight);
        Assert.Equal(TimeSpan.FromMilliseconds(4), sut.Tick);
        Assert.Equal(0.05, sut.Jitter);
        Assert.Equal(TimeSpan.FromMilliseconds(250), sut.JitterCap);
        Assert.Null(sut.SkipAfter);
        Assert.Equal(TimeSpan.FromSeconds(10), sut.LagWindow);
        Assert.Same(MemberTrackerOptions.Default, sut.Tracker);
    }

    [Fact]
    public void Check_SkipAfterBelowTick_SaysWhichRule()
    {
        var sut = new EngineOptions { Tick = TimeSpan.FromMilliseconds(10), SkipAfter = TimeSpan.FromMilliseconds(5) };

        var result = EngineOptions.Check(sut);

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Property SkipAfter: must be at least one Tick (10 ms)", failure, StringComparison.Ordinal);
    }

    private static void SetFlap(EngineOptions options, FlapPolicy flap) => options.Tracker = options.Tracker with { Flap = flap };
}
