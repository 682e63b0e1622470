using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vitals.Engine;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests;

public sealed class VitalsServerOptionsTests
{
    public static TheoryData<string, Action<VitalsServerOptions>> Valid => new()
    {
        { "defaults", static _ => { } },
        { "Listen", static o => o.Listen = "0.0.0.0:80" },
        { "DataDir", static o => o.DataDir = "/var/lib/vitals" },
        { "Store", static o => o.Store = "sqlite" },
        { "Store", static o => o.Store = "postgres://vitals:secret@db:5432/vitals" },
        { "NodeId", static o => o.NodeId = null },
        { "NodeId", static o => o.NodeId = "node-1.eu_west" },
        { "NodeId", static o => o.NodeId = new string('n', 63) },
        { "ResultHistory", static o => o.ResultHistory = 1 },
        { "ResultHistory", static o => o.ResultHistory = 100 },
        { "MaxRequestBodyBytes", static o => o.MaxRequestBodyBytes = 1024 },
        { "MaxRequestBodyBytes", static o => o.MaxRequestBodyBytes = 64L * 1024 * 1024 },
        { "Engine", static o => o.Engine.MaxInFlight = 1 },
        { "Engine", static o => o.Engine.SkipAfter = o.Engine.Tick },
        { "AdminToken", static o => o.AdminToken = null },
        { "AdminToken", static o => o.AdminToken = new string('a', VitalsServerOptions.MinAdminTokenLength) },
        { "Burst", static o => o.FailedAuth.Burst = 1 },
        { "RefillPeriod", static o => o.FailedAuth.RefillPeriod = TimeSpan.FromMilliseconds(10) },
        { "RefillPeriod", static o => o.FailedAuth.RefillPeriod = TimeSpan.FromHours(1) },
        { "AllowSockets", static o => o.AllowSockets = null },
        { "AllowSockets", static o => o.AllowSockets = [] },
        { "AllowSockets", static o => o.AllowSockets = ["/srv/lb/, /opt//haproxy", "/"] },
        { "Alertmanager", static o => o.Alertmanager = ["http://am-1:9093, https://am-2.example/alertmanager/", "http://[::1]:9093"] },
        { "AlertmanagerInterval", static o => o.AlertmanagerInterval = TimeSpan.FromMilliseconds(100) },
        { "AlertmanagerInterval", static o => o.AlertmanagerInterval = TimeSpan.FromMinutes(4) },
        { "OtlpEndpoint", static o => o.OtlpEndpoint = "http://127.0.0.1:4318" },
        { "OtlpProtocol", static o => (o.OtlpEndpoint, o.OtlpProtocol) = ("https://collector.example:4317", "grpc") },
    };

    public static TheoryData<string, Action<VitalsServerOptions>> Invalid => new()
    {
        { "OtlpEndpoint", static o => o.OtlpEndpoint = "127.0.0.1:4318" },
        { "OtlpEndpoint", static o => o.OtlpEndpoint = "ftp://collector/" },
        { "OtlpProtocol", static o => o.OtlpProtocol = "http/json" },
        { "Listen", static o => o.Listen = null! },
        { "DataDir", static o => o.DataDir = null! },
        { "Store", static o => o.Store = "mysql://nowhere" },
        { "NodeId", static o => o.NodeId = "" },
        { "NodeId", static o => o.NodeId = "node one" },
        { "NodeId", static o => o.NodeId = new string('n', 64) },
        { "ResultHistory", static o => o.ResultHistory = 0 },
        { "ResultHistory", static o => o.ResultHistory = 101 },
        { "MaxRequestBodyBytes", static o => o.MaxRequestBodyBytes = 1023 },
        { "MaxRequestBodyBytes", static o => o.MaxRequestBodyBytes = 64L * 1024 * 1024 + 1 },
        { "Engine", static o => o.Engine = null! },
        { "MaxInFlight", static o => o.Engine.MaxInFlight = 0 },
        { "Tick", static o => o.Engine.Tick = TimeSpan.FromSeconds(2) },
        { "Jitter", static o => o.Engine.Jitter = 0.6 },
        { "JitterCap", static o => o.Engine.JitterCap = TimeSpan.FromMinutes(-1) },
        { "SkipAfter", static o => o.Engine.SkipAfter = TimeSpan.FromMilliseconds(1) },
        { "LagWindow", static o => o.Engine.LagWindow = TimeSpan.Zero },
        { "AdminToken", static o => o.AdminToken = "x" },
        { "AdminToken", static o => o.AdminToken = "" },
        { "AdminToken", static o => o.AdminToken = new string('a', VitalsServerOptions.MinAdminTokenLength - 1) },
        { "FailedAuth", static o => o.FailedAuth = null! },
        { "Burst", static o => o.FailedAuth.Burst = 0 },
        { "RefillPeriod", static o => o.FailedAuth.RefillPeriod = TimeSpan.FromMilliseconds(9) },
        { "MaxSources", static o => o.FailedAuth.MaxSources = 15 },
        { "SettleChanges", static o => o.Engine.Tracker = o.Engine.Tracker with { Flap = o.Engine.Tracker.Flap with { SettleChanges = 9 } } },
        { "AllowSockets", static o => o.AllowSockets = ["run/haproxy"] },
        { "AllowSockets", static o => o.AllowSockets = ["/run/haproxy,/run/../var/run"] },
        { "Alertmanager", static o => o.Alertmanager = ["am-1:9093"] },
        { "Alertmanager", static o => o.Alertmanager = ["ftp://am-1:9093"] },
        { "Alertmanager", static o => o.Alertmanager = ["http://am-1:9093/?x=1"] },
        { "Alertmanager", static o => o.Alertmanager = ["http://user:pw@am-1:9093"] },
        { "AlertmanagerInterval", static o => o.AlertmanagerInterval = TimeSpan.FromMilliseconds(99) },
        { "AlertmanagerInterval", static o => o.AlertmanagerInterval = TimeSpan.FromMinutes(5) },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Check_ValidValue_Succeeds(string property, Action<VitalsServerOptions> change)
    {
        var sut = new VitalsServerOptions();
        change(sut);

        var result = VitalsServerOptions.Check(sut);

        Assert.True(result.Succeeded, $"{property}: {result.FailureMessage}");
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Check_InvalidValue_FailsNamingTheProperty(string property, Action<VitalsServerOptions> change)
    {
        var sut = new VitalsServerOptions();
        change(sut);

        var result = VitalsServerOptions.Check(sut);

        Assert.True(result.Failed, property);
        Assert.Contains(property, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task BuildAsync_InvalidValue_RefusedBeforeTheStoreOpens(string property, Action<VitalsServerOptions> change)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "vitals-never-" + Guid.NewGuid().ToString("N"));
        var options = new VitalsServerOptions { Listen = "127.0.0.1:0", DataDir = dataDir };
        change(options);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => VitalsServer.BuildAsync(options, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(property, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDir));
    }

    [Fact]
    public void Check_ShortAdminToken_FailsWithoutRepeatingTheToken()
    {
        var sut = new VitalsServerOptions { AdminToken = "short-secret-value" };

        var result = VitalsServerOptions.Check(sut);

        Assert.True(result.Failed);
        Assert.Contains("AdminToken", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("24", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("short-secret-value", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_EngineFigures_ReachTheEngineThroughDI()
    {
        await using var server = await RunningServer.StartAsync(options: static o =>
        {
            o.ResultHistory = 7;
            o.Engine.MaxInFlight = 33;
            o.Engine.Tick = TimeSpan.FromMilliseconds(8);
            o.Engine.SkipAfter = TimeSpan.FromSeconds(2);
            o.Engine.Tracker = o.Engine.Tracker with { Flap = o.Engine.Tracker.Flap with { Changes = 9 } };
        });

        var engine = server.Services.GetRequiredService<IOptions<EngineOptions>>().Value;

        Assert.Equal(33, engine.MaxInFlight);
        Assert.Equal(TimeSpan.FromMilliseconds(8), engine.Tick);
        Assert.Equal(TimeSpan.FromSeconds(2), engine.SkipAfter);
        Assert.Equal(9, engine.Tracker.Flap.Changes);
        Assert.Equal(7, engine.Tracker.HistoryLength);
        Assert.NotNull(server.Services.GetRequiredService<HealthEngine>());
    }

    [Fact]
    public async Task Start_OptionsBrokenAfterBuild_RefusedByValidateOnStart()
    {
        var dataDir = Directory.CreateTempSubdirectory("vitals-test-").FullName;
        try
        {
            var options = new VitalsServerOptions { Listen = "127.0.0.1:0", DataDir = dataDir };
            await using var app = await VitalsServer.BuildAsync(options, cancellationToken: TestContext.Current.CancellationToken);
            options.MaxRequestBodyBytes = 1;

            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

            Assert.Contains("MaxRequestBodyBytes", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
