using Vitals.Cli.Serve;
using Vitals.Server;

namespace Vitals.Cli.Tests.Serve;

public sealed class ServeSettingsTests
{
    private static readonly Func<string, string?> NoEnvironment = static _ => null;

    public static TheoryData<string[], Func<VitalsServerOptions, object?>, object> Applied => new()
    {
        { ["--result-history", "7"], static o => o.ResultHistory, 7 },
        { ["--max-in-flight", "64"], static o => o.Engine.MaxInFlight, 64 },
        { ["--tick", "8ms"], static o => o.Engine.Tick, TimeSpan.FromMilliseconds(8) },
        { ["--tick", "1s"], static o => o.Engine.Tick, TimeSpan.FromSeconds(1) },
        { ["--jitter", "0"], static o => o.Engine.Jitter, 0.0 },
        { ["--jitter", "0.5"], static o => o.Engine.Jitter, 0.5 },
        { ["--jitter-cap", "1.5s"], static o => o.Engine.JitterCap, TimeSpan.FromMilliseconds(1500) },
        { ["--jitter-cap", "0ms"], static o => o.Engine.JitterCap, TimeSpan.Zero },
        { ["--skip-after", "2s"], static o => o.Engine.SkipAfter, TimeSpan.FromSeconds(2) },
        { ["--lag-window", "1m"], static o => o.Engine.LagWindow, TimeSpan.FromMinutes(1) },
        { ["--flap-changes", "8"], static o => o.Engine.Tracker.Flap.Changes, 8 },
        { ["--flap-window", "1h"], static o => o.Engine.Tracker.Flap.Window, TimeSpan.FromHours(1) },
        { ["--flap-settle", "0"], static o => o.Engine.Tracker.Flap.SettleChanges, 0 },
    };

    public static TheoryData<string[], string> Refused => new()
    {
        { ["--result-history", "0"], "--result-history must be from 1 to 100 (got 0)" },
        { ["--max-in-flight", "0"], "--max-in-flight must be from 1 to 1000000 (got 0)" },
        { ["--max-in-flight", "many"], "--max-in-flight must be from 1 to 1000000 (got many)" },
        { ["--tick", "0ms"], "--tick must be from 1ms to 1s (got 0ms)" },
        { ["--tick", "2s"], "--tick must be from 1ms to 1s (got 2s)" },
        { ["--tick", "4"], "--tick must be from 1ms to 1s (got 4); a duration is a number and ms, s, m or h" },
        { ["--jitter", "0.6"], "--jitter must be from 0 to 0.5 (got 0.6)" },
        { ["--jitter", "-1"], "--jitter must be from 0 to 0.5 (got -1)" },
        { ["--jitter-cap", "-1s"], "--jitter-cap must be from 0s to 10m (got -1s)" },
        { ["--jitter-cap", "11m"], "--jitter-cap must be from 0s to 10m (got 11m)" },
        { ["--skip-after", "0s"], "--skip-after must be from 1ms to 1h (got 0s)" },
        { ["--skip-after", "2ms"], "--skip-after: must be at least one Tick (4 ms), got 2 ms" },
        { ["--lag-window", "500ms"], "--lag-window must be from 1s to 1h (got 500ms)" },
        { ["--flap-changes", "1"], "--flap-changes must be from 2 to 1000 (got 1)" },
        { ["--flap-window", "0s"], "--flap-window must be from 1s to 24h (got 0s)" },
        { ["--flap-settle", "-1"], "--flap-settle must be from 0 to 999 (got -1)" },
        { ["--flap-settle", "5"], "--flap-settle: must be below Changes (5), got 5" },
    };

    [Theory]
    [MemberData(nameof(Applied))]
    public void TryCreate_GoodFlag_SetsTheOption(string[] flag, Func<VitalsServerOptions, object?> read, object expected)
    {
        var ok = TryCreate(flag, NoEnvironment, out var settings, out var errors);

        Assert.True(ok, string.Join('\n', errors));
        Assert.Equal(expected, read(settings));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void TryCreate_BadFlag_NamesTheFlagAndTheRange(string[] flag, string message)
    {
        var ok = TryCreate(flag, NoEnvironment, out _, out var errors);

        Assert.False(ok);
        Assert.StartsWith(message, Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_NoFlag_KeepsTheEngineDefaults()
    {
        var ok = TryCreate([], NoEnvironment, out var settings, out _);

        Assert.True(ok);
        Assert.Equal(new Vitals.Engine.EngineOptions().MaxInFlight, settings.Engine.MaxInFlight);
        Assert.Null(settings.Engine.SkipAfter);
        Assert.Equal(30, settings.ResultHistory);
    }

    [Fact]
    public void TryCreate_EnvironmentVariable_AppliesWhenTheFlagIsAbsent()
    {
        var environment = new Dictionary<string, string?>
        {
            ["VITALS_MAX_IN_FLIGHT"] = "100", ["VITALS_TICK"] = "10ms", ["VITALS_JITTER"] = "0.1", ["VITALS_JITTER_CAP"] = "100ms",
            ["VITALS_SKIP_AFTER"] = "5s", ["VITALS_LAG_WINDOW"] = "30s", ["VITALS_RESULT_HISTORY"] = "12", ["VITALS_FLAP_CHANGES"] = "6",
            ["VITALS_FLAP_WINDOW"] = "5m", ["VITALS_FLAP_SETTLE"] = "2",
        };

        var ok = TryCreate([], environment.GetValueOrDefault, out var settings, out var errors);

        Assert.True(ok, string.Join('\n', errors));
        Assert.Equal(100, settings.Engine.MaxInFlight);
        Assert.Equal(TimeSpan.FromMilliseconds(10), settings.Engine.Tick);
        Assert.Equal(0.1, settings.Engine.Jitter);
        Assert.Equal(TimeSpan.FromMilliseconds(100), settings.Engine.JitterCap);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Engine.SkipAfter);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Engine.LagWindow);
        Assert.Equal(12, settings.ResultHistory);
        Assert.Equal(new Vitals.Core.Health.FlapPolicy { Changes = 6, Window = TimeSpan.FromMinutes(5), SettleChanges = 2 },
            settings.Engine.Tracker.Flap);
    }

    [Fact]
    public void TryCreate_FlagAndEnvironment_TheFlagWins()
    {
        var ok = TryCreate(["--max-in-flight", "9"], static name => name == "VITALS_MAX_IN_FLIGHT" ? "500" : null,
            out var settings, out _);

        Assert.True(ok);
        Assert.Equal(9, settings.Engine.MaxInFlight);
    }

    [Fact]
    public void TryCreate_BadEnvironmentVariable_NamesTheVariableAndTheFlag()
    {
        var ok = TryCreate([], static name => name == "VITALS_TICK" ? "5s" : null, out _, out var errors);

        Assert.False(ok);
        Assert.Equal("--tick (from $VITALS_TICK) must be from 1ms to 1s (got 5s)", Assert.Single(errors));
    }

    [Fact]
    public void TryCreate_SeveralBadFlags_ReportsEach()
    {
        var ok = TryCreate(["--max-in-flight", "0", "--jitter", "1"], NoEnvironment, out _, out var errors);

        Assert.False(ok);
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Figures_EachVariable_IsVitalsAndTheFlagInUpperSnakeCase()
    {
        var sut = new ServeOptions();

        Assert.All(sut.Figures, f => Assert.Equal("VITALS_" + f.Option.Name[2..].Replace('-', '_').ToUpperInvariant(), f.Variable));
        Assert.All(sut.Figures, f => Assert.Contains(f.Variable, f.Option.Description, StringComparison.Ordinal));
    }

    private static bool TryCreate(string[] flags, Func<string, string?> environment, out VitalsServerOptions settings, out List<string> errors)
    {
        var options = new ServeOptions();
        var command = new System.CommandLine.Command("serve");
        options.AddTo(command);
        var parseResult = command.Parse(flags);
        Assert.Empty(parseResult.Errors);
        return ServeSettings.TryCreate(parseResult, options, environment, out settings, out errors);
    }
}
