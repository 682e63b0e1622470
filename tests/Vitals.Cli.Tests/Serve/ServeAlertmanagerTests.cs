using Vitals.Cli.Serve;
using Vitals.Server;

namespace Vitals.Cli.Tests.Serve;

/// <summary><c>--alertmanager</c> and <c>--alertmanager-interval</c>: flags, then environment; bad values name the flag.</summary>
public sealed class ServeAlertmanagerTests
{
    [Fact]
    public void TryCreate_RepeatedAndCommaSeparated_EveryUrlIsKept()
    {
        var ok = TryCreate(["--alertmanager", "http://am-1:9093", "--alertmanager", "http://am-2:9093,http://am-3:9093",
            "--alertmanager-interval", "10s"], static _ => null, out var settings, out var errors);

        Assert.True(ok, string.Join('\n', errors));
        Assert.Equal(["http://am-1:9093", "http://am-2:9093,http://am-3:9093"], settings.Alertmanager);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.AlertmanagerInterval);
    }

    [Fact]
    public void TryCreate_Environment_ReadWhenTheFlagsAreAbsent()
    {
        var environment = new Dictionary<string, string?>
        {
            [ServeOptions.AlertmanagerVariable] = "http://am-1:9093,http://am-2:9093",
            ["VITALS_ALERTMANAGER_INTERVAL"] = "1m",
        };

        var ok = TryCreate([], name => environment.GetValueOrDefault(name), out var settings, out var errors);

        Assert.True(ok, string.Join('\n', errors));
        Assert.Equal(["http://am-1:9093,http://am-2:9093"], settings.Alertmanager);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.AlertmanagerInterval);
    }

    [Fact]
    public void TryCreate_Nothing_OffWithTheDefaultInterval()
    {
        Assert.True(TryCreate([], static _ => null, out var settings, out _));

        Assert.Empty(settings.Alertmanager);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.AlertmanagerInterval);
    }

    [Theory]
    [InlineData("--alertmanager", "am-1:9093", "--alertmanager:")]
    [InlineData("--alertmanager", "http://am-1:9093/?a=b", "--alertmanager:")]
    [InlineData("--alertmanager-interval", "5m", "--alertmanager-interval")]
    [InlineData("--alertmanager-interval", "50ms", "--alertmanager-interval")]
    [InlineData("--alertmanager-interval", "soon", "--alertmanager-interval")]
    public void TryCreate_BadValue_FailsNamingTheFlag(string flag, string value, string named)
    {
        var ok = TryCreate([flag, value], static _ => null, out _, out var errors);

        Assert.False(ok);
        Assert.Contains(errors, e => e.StartsWith(named, StringComparison.Ordinal));
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
