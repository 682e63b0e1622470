using System.Net;
using System.Text.Json;
using Vitals.Control.Health;
using Vitals.Core.Monitoring;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Health;

/// <summary><c>GET /api/v1/pools/{id}/members/health</c> and the per-member result ring.</summary>
public sealed class PoolMembersHealthTests
{
    [Fact]
    public async Task MembersHealth_PagesInCreationOrder_WithLiveHealthOnEachRow()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        await using var ok = FleetBackends.Ok();
        await using var failing = FleetBackends.Error500();
        var fleet = new FleetSeeder(server, projectId);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var broken = await fleet.MemberAsync(pool, failing.Port);
        var healthy = await fleet.MemberAsync(pool, ok.Port);
        var drained = await fleet.MemberAsync(pool, FleetBackends.ClosedPort(), weight: 0, address: "127.0.0.2");
        var off = await fleet.UpdateMemberAsync(await fleet.MemberAsync(pool, FleetBackends.ClosedPort(), address: "127.0.0.3") with { AdminStateUp = false });
        var refused = await fleet.MemberAsync(pool, FleetBackends.ClosedPort());
        await FleetWait.StateAsync(client, broken.Id, "Unhealthy");
        await FleetWait.StateAsync(client, healthy.Id, "Healthy");
        await FleetWait.StateAsync(client, refused.Id, "Unhealthy");

        var rows = new List<JsonElement>();
        var path = $"/api/v1/pools/{pool.Id}/members/health?limit=2";
        for (var pages = 0; pages < 5; pages++)
        {
            var page = await FleetWait.GetAsync(client, path);
            Assert.Equal(5, page.GetProperty("total_count").GetInt32());
            var members = page.GetProperty("members").EnumerateArray().ToList();
            Assert.InRange(members.Count, 1, 2);
            rows.AddRange(members);
            if (page.GetProperty("next_marker").ValueKind == JsonValueKind.Null)
            {
                break;
            }

            Assert.Equal(members[^1].GetProperty("member_id").GetString(), page.GetProperty("next_marker").GetString());
            path = $"/api/v1/pools/{pool.Id}/members/health?limit=2&marker={page.GetProperty("next_marker").GetString()}";
        }

        Assert.Equal([broken.Id, healthy.Id, drained.Id, off.Id, refused.Id], rows.Select(r => r.GetProperty("member_id").GetString()));
        var byId = rows.ToDictionary(r => r.GetProperty("member_id").GetString()!);

        var h = byId[healthy.Id];
        Assert.Equal("Healthy", h.GetProperty("state").GetString());
        Assert.Equal("127.0.0.1", h.GetProperty("address").GetString());
        Assert.Equal(ok.Port, h.GetProperty("protocol_port").GetInt32());
        Assert.Equal(1, h.GetProperty("weight").GetInt32());
        Assert.True(h.GetProperty("admin_state_up").GetBoolean());
        Assert.Equal(JsonValueKind.Null, h.GetProperty("reason").ValueKind);
        Assert.Equal(JsonValueKind.Null, h.GetProperty("reason_code").ValueKind);
        Assert.Equal("L7OK", h.GetProperty("check_code").GetString());
        Assert.Equal(200, h.GetProperty("status_code").GetInt32());
        Assert.True(h.GetProperty("latency_ms").GetDouble() > 0);
        Assert.True(h.GetProperty("checked_at").GetDateTimeOffset() >= h.GetProperty("since").GetDateTimeOffset().AddSeconds(-5));
        Assert.False(h.GetProperty("flapping").GetBoolean());
        Assert.False(h.GetProperty("restored").GetBoolean());

        var u = byId[broken.Id];
        Assert.Equal("Unhealthy", u.GetProperty("state").GetString());
        Assert.Equal("HTTP_CODE_NOT_MATCH", u.GetProperty("reason_code").GetString());
        Assert.Equal("HTTP_CODE_NOT_MATCH", u.GetProperty("nlb_reason_code").GetString());
        Assert.Contains("HTTP 500", u.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("L7STS", u.GetProperty("check_code").GetString());
        Assert.Contains("code: 500", u.GetProperty("check_status").GetString(), StringComparison.Ordinal);

        Assert.Equal(("Unused", 0, HealthReasons.Unused),
            (byId[drained.Id].GetProperty("state").GetString(), byId[drained.Id].GetProperty("weight").GetInt32(),
                byId[drained.Id].GetProperty("reason").GetString()));
        var o = byId[off.Id];
        Assert.Equal(("Unavailable", false, HealthReasons.MemberOff),
            (o.GetProperty("state").GetString(), o.GetProperty("admin_state_up").GetBoolean(), o.GetProperty("reason").GetString()));
        Assert.Equal(JsonValueKind.Null, o.GetProperty("latency_ms").ValueKind);
        Assert.Equal(JsonValueKind.Null, o.GetProperty("checked_at").ValueKind);
        Assert.Equal("CONNECT_FAILED", byId[refused.Id].GetProperty("reason_code").GetString());

        // The admin reads any pool, as on /pools/{id}/health.
        using var admin = server.Admin();
        var all = await FleetWait.GetAsync(admin, $"/api/v1/pools/{pool.Id}/members/health");
        Assert.Equal(5, all.GetProperty("members").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, all.GetProperty("next_marker").ValueKind);
        client.Dispose();
    }

    [Fact]
    public async Task MembersHealth_BadPagingOrForeignPool_AnswerLikeTheMemberList()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync("owner");
        var (_, stranger) = await server.CreateProjectAsync("stranger");
        var fleet = new FleetSeeder(server, projectId);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        await fleet.MemberAsync(pool, 8080);

        foreach (var (query, field) in new[] { ("limit=0", "limit"), ("limit=1001", "limit"), ("limit=x", "limit"), ("marker=mbr-nope", "marker") })
        {
            var health = await client.ApiGetAsync($"/api/v1/pools/{pool.Id}/members/health?{query}");
            var list = await client.ApiGetAsync($"/api/v1/pools/{pool.Id}/members?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, health.Status);
            Assert.Equal("application/problem+json", health.MediaType);
            Assert.NotEmpty(health.ErrorsOf(field));
            Assert.Equal(list.Status, health.Status);
        }

        var foreign = await stranger.ApiGetAsync($"/api/v1/pools/{pool.Id}/members/health");
        Assert.Equal(HttpStatusCode.NotFound, foreign.Status);
        Assert.Equal("application/problem+json", foreign.MediaType);
        var unknown = await client.ApiGetAsync("/api/v1/pools/sgp-nope/members/health");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        using var admin = server.Admin();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.ApiGetAsync("/api/v1/pools/sgp-nope/members/health")).Status);
        client.Dispose();
        stranger.Dispose();
    }

    [Fact]
    public async Task ResultHistory_Option_BoundsTheResultsKeptPerMember()
    {
        await using var server = await RunningServer.StartAsync(options: o => o.ResultHistory = 3);
        var (projectId, client) = await server.CreateProjectAsync();
        await using var ok = FleetBackends.Ok();
        var fleet = new FleetSeeder(server, projectId);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var member = await fleet.MemberAsync(pool, ok.Port);

        // Checks run every second; once more than three ran (the connection count says so) only three are kept.
        await FleetWait.UntilAsync(client, $"/api/v1/members/{member.Id}/history", _ => ok.Accepted >= 5, TimeSpan.FromSeconds(30));
        var history = await FleetWait.GetAsync(client, $"/api/v1/members/{member.Id}/history?limit=100");

        var results = history.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.True(r.GetProperty("timings_ms").GetProperty("total").GetDouble() > 0));
        client.Dispose();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task ResultHistory_OutOfRange_IsRefusedAtStart(int length)
    {
        var dataDir = Directory.CreateTempSubdirectory("vitals-test-").FullName;
        try
        {
            var options = new VitalsServerOptions { Listen = "127.0.0.1:0", DataDir = dataDir, ResultHistory = length };
            var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => VitalsServer.BuildAsync(options, cancellationToken: TestContext.Current.CancellationToken));
            Assert.Contains("ResultHistory", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
