using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vitals.Control.Instances;
using Vitals.Core.Instances;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Dialects.Alibaba;
using Vitals.Server.Tests.Support;
using Vitals.Testing;

namespace Vitals.Server.Tests.Instances;

/// <summary>
/// Instance health in a running server: real node_exporter scrapes, live member states, maintenance windows, and the
/// native <c>GET /api/v1/instances/{id}/health</c>.
/// </summary>
public sealed class InstanceHealthServiceTests
{
    private static Action<IServiceCollection> Options(InstanceHealthThresholds thresholds) => services => services.AddSingleton(new InstanceHealthOptions
    {
        ScrapeInterval = TimeSpan.FromSeconds(1),
        ScrapeTimeout = TimeSpan.FromSeconds(2),
        Thresholds = thresholds,
    });

    private static readonly InstanceHealthThresholds Lenient = InstanceHealthThresholds.Default with
    {
        InitializingWindow = TimeSpan.Zero,
        StaleAfterIntervals = 60, // an exporter that stops stays "unreachable" rather than turning stale under test
        MaxLoadPerCpu = 1_000,
        MinMemoryAvailableRatio = 0,
        MinDiskFreeRatio = 0,
    };

    [Fact]
    public async Task Health_RealNodeExporter_IsOkWithMetrics_ThenImpairedWhenItStops()
    {
        await using var fleet = await AlibabaTestFleet.StartAsync(Options(Lenient));
        var exporter = await NodeExporterProcess.StartAsync(allCollectors: false, TestContext.Current.CancellationToken);
        string id;
        await using (exporter)
        {
            id = await fleet.InstanceAsync("vm", nodeExporterUrl: exporter.MetricsUrl.ToString());

            var ok = await FleetWait.UntilAsync(fleet.Client, $"/api/v1/instances/{id}/health", h => h.GetProperty("status").GetString() == "Ok");

            Assert.Equal(0, ok.GetProperty("code").GetInt32());
            var metrics = ok.GetProperty("host_metrics");
            Assert.InRange(metrics.GetProperty("memory_available_ratio").GetDouble(), 0.0001, 1);
            Assert.InRange(metrics.GetProperty("disk_free_ratio").GetDouble(), 0, 1);
            Assert.True(metrics.GetProperty("load_per_cpu").GetDouble() >= 0);
            Assert.Equal(exporter.MetricsUrl.ToString(), ok.GetProperty("scrape").GetProperty("url").GetString());
        }

        var impaired = await FleetWait.UntilAsync(fleet.Client, $"/api/v1/instances/{id}/health", h => h.GetProperty("status").GetString() == "Impaired");

        Assert.Equal(128, impaired.GetProperty("code").GetInt32());
        Assert.Equal(InstanceHealthReason.Unreachable, impaired.GetProperty("reasons")[0].GetProperty("code").GetString());
        Assert.True(impaired.GetProperty("scrape").GetProperty("consecutive_unreachable").GetInt32() >= 2);
    }

    [Fact]
    public async Task Health_HostMetricsOverThresholds_IsWarningNamingEachFigure()
    {
        var strict = Lenient with { MinMemoryAvailableRatio = 1.0, MinDiskFreeRatio = 1.0 };
        await using var fleet = await AlibabaTestFleet.StartAsync(Options(strict));
        await using var exporter = await NodeExporterProcess.StartAsync(allCollectors: false, TestContext.Current.CancellationToken);
        var id = await fleet.InstanceAsync("vm", nodeExporterUrl: exporter.MetricsUrl.ToString());

        var warning = await FleetWait.UntilAsync(fleet.Client, $"/api/v1/instances/{id}/health", h => h.GetProperty("status").GetString() == "Warning");

        var codes = warning.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ToList();
        Assert.Contains(InstanceHealthReason.LowMemory, codes);
        Assert.Contains(InstanceHealthReason.LowDisk, codes);
    }

    [Fact]
    public async Task Health_MembersFollowTheEngine_SomeDownIsWarning_AllDownIsImpaired()
    {
        await using var fleet = await AlibabaTestFleet.StartAsync(Options(Lenient));
        await using var backend = FleetBackends.Ok();
        var id = await fleet.InstanceAsync("vm");
        var lb = await fleet.LoadBalancerAsync();
        var (_, pool) = await fleet.ListenerAsync(lb);
        var up = await fleet.MemberAsync(pool, backend.Port, instanceId: id);
        var down = await fleet.MemberAsync(pool, FleetBackends.ClosedPort(), instanceId: id);
        await FleetWait.StateAsync(fleet.Client, up, "Healthy");
        await FleetWait.StateAsync(fleet.Client, down, "Unhealthy");

        var warning = await FleetWait.UntilAsync(fleet.Client, $"/api/v1/instances/{id}/health", h => h.GetProperty("status").GetString() == "Warning");
        Assert.Equal(InstanceHealthReason.MembersUnhealthy, warning.GetProperty("reasons")[0].GetProperty("code").GetString());
        Assert.Equal(2, warning.GetProperty("members").GetProperty("total").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await fleet.Client.ApiDeleteAsync($"/api/v1/members/{up}")).Status);
        var impaired = await FleetWait.UntilAsync(fleet.Client, $"/api/v1/instances/{id}/health", h => h.GetProperty("status").GetString() == "Impaired");
        Assert.Equal(InstanceHealthReason.AllMembersUnhealthy, impaired.GetProperty("reasons")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Health_MaintenanceWindowNow_IsMaintaining_AndNothingChecked_IsNotApplicable()
    {
        await using var fleet = await AlibabaTestFleet.StartAsync(Options(Lenient));
        var now = TimeProvider.System.GetUtcNow();
        var maintained = await fleet.InstanceAsync("m", windows: [new { start = now.AddMinutes(-5), end = now.AddHours(1), description = "disk swap" }]);
        var idle = await fleet.InstanceAsync("idle");

        var m = await FleetWait.GetAsync(fleet.Client, $"/api/v1/instances/{maintained}/health");
        var i = await FleetWait.GetAsync(fleet.Client, $"/api/v1/instances/{idle}/health");

        Assert.Equal("Maintaining", m.GetProperty("status").GetString());
        Assert.Contains("disk swap", m.GetProperty("reasons")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("NotApplicable", i.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, i.GetProperty("scrape").ValueKind);
    }

    [Fact]
    public async Task Health_OtherProjectUnknownOrAdmin_IsNotShown()
    {
        await using var fleet = await AlibabaTestFleet.StartAsync();
        var id = await fleet.InstanceAsync("vm");
        var (_, other) = await fleet.Server.CreateProjectAsync("other");
        using var admin = fleet.Server.Admin();
        using var anonymous = fleet.Server.Anonymous();

        Assert.Equal(HttpStatusCode.NotFound, (await other.ApiGetAsync($"/api/v1/instances/{id}/health")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fleet.Client.ApiGetAsync("/api/v1/instances/i-00000000000000000000/health")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fleet.Client.ApiGetAsync("/api/v1/instances/lb-x/health")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.ApiGetAsync($"/api/v1/instances/{id}/health")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.ApiGetAsync($"/api/v1/instances/{id}/health")).Status);
        other.Dispose();
    }

    [Fact]
    public async Task HealthList_PagesInstancesWithTheSameHealthAsEachOne_InOneRequest()
    {
        await using var fleet = await AlibabaTestFleet.StartAsync(Options(Lenient));
        var now = TimeProvider.System.GetUtcNow();
        var maintained = await fleet.InstanceAsync("m", windows: [new { start = now.AddMinutes(-5), end = now.AddHours(1), description = "disk swap" }]);
        var idle = await fleet.InstanceAsync("idle");
        var down = await fleet.InstanceAsync("down");
        var lb = await fleet.LoadBalancerAsync();
        var (_, pool) = await fleet.ListenerAsync(lb);
        var member = await fleet.MemberAsync(pool, FleetBackends.ClosedPort(), instanceId: down);
        await FleetWait.StateAsync(fleet.Client, member, "Unhealthy");

        var rows = new List<JsonElement>();
        var path = "/api/v1/instances/health?limit=2";
        for (var pages = 0; pages < 3; pages++)
        {
            var page = await FleetWait.GetAsync(fleet.Client, path);
            Assert.Equal(3, page.GetProperty("total_count").GetInt32());
            rows.AddRange(page.GetProperty("instances").EnumerateArray());
            if (page.GetProperty("next_marker").GetString() is not { } marker)
            {
                break;
            }

            path = $"/api/v1/instances/health?limit=2&marker={marker}";
        }

        Assert.Equal([maintained, idle, down], rows.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(["m", "idle", "down"], rows.Select(r => r.GetProperty("name").GetString()));
        Assert.Equal(["Maintaining", "NotApplicable", "Impaired"], rows.Select(r => r.GetProperty("health").GetProperty("status").GetString()));
        foreach (var row in rows)
        {
            var one = await FleetWait.GetAsync(fleet.Client, $"/api/v1/instances/{row.GetProperty("id").GetString()}/health");
            Assert.Equal(one.GetProperty("status").GetString(), row.GetProperty("health").GetProperty("status").GetString());
            Assert.Equal(one.GetProperty("members").GetProperty("total").GetInt32(), row.GetProperty("health").GetProperty("members").GetProperty("total").GetInt32());
            Assert.Equal(row.GetProperty("id").GetString(), row.GetProperty("health").GetProperty("instance_id").GetString());
        }

        // The list's own 400s and 403s; another project sees none of these.
        Assert.Equal(HttpStatusCode.BadRequest, (await fleet.Client.ApiGetAsync("/api/v1/instances/health?limit=0")).Status);
        Assert.NotEmpty((await fleet.Client.ApiGetAsync("/api/v1/instances/health?marker=i-nope")).ErrorsOf("marker"));
        var (_, other) = await fleet.Server.CreateProjectAsync("other");
        Assert.Equal(0, (await FleetWait.GetAsync(other, "/api/v1/instances/health")).GetProperty("total_count").GetInt32());
        using var admin = fleet.Server.Admin();
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.ApiGetAsync("/api/v1/instances/health")).Status);
        other.Dispose();
    }
}
