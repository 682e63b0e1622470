using System.Net;
using System.Text.Json;
using Vitals.Core.Monitoring;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Health;

public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task MemberHealth_RealBackends_ReportStateReasonAndCheckDetails()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        await using var ok = FleetBackends.Ok();
        await using var failing = FleetBackends.Error500();
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync();
        var pool = await fleet.PoolAsync(lb);
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var healthy = await fleet.MemberAsync(pool, ok.Port);
        var broken = await fleet.MemberAsync(pool, failing.Port);
        var refused = await fleet.MemberAsync(pool, FleetBackends.ClosedPort());

        var h = await FleetWait.StateAsync(client, healthy.Id, "Healthy");
        var u = await FleetWait.StateAsync(client, broken.Id, "Unhealthy");
        var c = await FleetWait.StateAsync(client, refused.Id, "Unhealthy");

        Assert.Equal(pool.Id, h.GetProperty("pool_id").GetString());
        Assert.Equal(JsonValueKind.Null, h.GetProperty("reason_code").ValueKind);
        Assert.Equal("L7OK", h.GetProperty("check_code").GetString());
        Assert.Equal(200, h.GetProperty("status_code").GetInt32());
        Assert.Equal("ok", h.GetProperty("content").GetString());
        Assert.True(h.GetProperty("timings_ms").GetProperty("total").GetDouble() > 0);
        Assert.Equal($"127.0.0.1:{ok.Port}", h.GetProperty("target").GetString());
        Assert.False(h.GetProperty("restored").GetBoolean());
        Assert.True(h.TryGetProperty("checked_at", out _) && h.TryGetProperty("since", out _));

        Assert.Equal("HTTP_CODE_NOT_MATCH", u.GetProperty("reason_code").GetString());
        Assert.Equal("HTTP_CODE_NOT_MATCH", u.GetProperty("nlb_reason_code").GetString());
        Assert.Equal("L7STS", u.GetProperty("check_code").GetString());
        Assert.Equal(500, u.GetProperty("status_code").GetInt32());
        Assert.Equal("oops", u.GetProperty("content").GetString());
        Assert.Contains("Layer7 wrong status, code: 500", u.GetProperty("check_status").GetString(), StringComparison.Ordinal);

        Assert.Equal("CONNECT_FAILED", c.GetProperty("reason_code").GetString());
        Assert.Equal("L4CON", c.GetProperty("check_code").GetString());
        client.Dispose();
    }

    [Fact]
    public async Task PoolAndListenerHealth_MixedFleet_CountEveryStateAndListNonHealthy()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        await using var ok = FleetBackends.Ok();
        await using var ok2 = FleetBackends.Ok();
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync();
        var pool = await fleet.PoolAsync(lb);
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var listener = await fleet.ListenerAsync(lb, pool, port: 8080);
        var healthy = await fleet.MemberAsync(pool, ok.Port);
        var unused = await fleet.MemberAsync(pool, ok2.Port, weight: 0);
        var refused = await fleet.MemberAsync(pool, FleetBackends.ClosedPort());
        var bare = await fleet.PoolAsync(lb, name: "no-monitor");
        var unchecked_ = await fleet.MemberAsync(bare, ok.Port);

        await FleetWait.StateAsync(client, healthy.Id, "Healthy");
        await FleetWait.StateAsync(client, refused.Id, "Unhealthy");
        var health = await FleetWait.GetAsync(client, $"/api/v1/listeners/{listener.Id}/health");

        Assert.Equal("HTTP", health.GetProperty("protocol").GetString());
        Assert.Equal(8080, health.GetProperty("protocol_port").GetInt32());
        var p = Assert.Single(health.GetProperty("pools").EnumerateArray());
        Assert.Equal(pool.Id, p.GetProperty("pool_id").GetString());
        Assert.True(p.GetProperty("health_check_enabled").GetBoolean());
        Assert.Equal(3, p.GetProperty("members_total").GetInt32());
        var counts = p.GetProperty("counts");
        Assert.Equal((1, 1, 1, 0, 0), (counts.GetProperty("Healthy").GetInt32(), counts.GetProperty("Unhealthy").GetInt32(),
            counts.GetProperty("Unused").GetInt32(), counts.GetProperty("Initial").GetInt32(), counts.GetProperty("Unavailable").GetInt32()));
        var nonHealthy = p.GetProperty("non_healthy").EnumerateArray().ToDictionary(m => m.GetProperty("member_id").GetString()!);
        Assert.Equal(2, nonHealthy.Count);
        Assert.Equal(2, p.GetProperty("non_healthy_total").GetInt32());
        Assert.Equal("Unused", nonHealthy[unused.Id].GetProperty("state").GetString());
        Assert.Equal("Unhealthy", nonHealthy[refused.Id].GetProperty("state").GetString());
        Assert.Equal("CONNECT_FAILED", nonHealthy[refused.Id].GetProperty("reason_code").GetString());
        Assert.Equal(refused.ProtocolPort, nonHealthy[refused.Id].GetProperty("protocol_port").GetInt32());

        var limited = await FleetWait.GetAsync(client, $"/api/v1/pools/{pool.Id}/health?non_healthy_limit=1");
        Assert.Equal(2, limited.GetProperty("non_healthy_total").GetInt32());
        Assert.Equal(1, limited.GetProperty("non_healthy").GetArrayLength());
        using var badLimit = await client.GetAsync($"/api/v1/pools/{pool.Id}/health?non_healthy_limit=-1", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badLimit.StatusCode);

        var barePool = await FleetWait.GetAsync(client, $"/api/v1/pools/{bare.Id}/health");
        Assert.False(barePool.GetProperty("health_check_enabled").GetBoolean());
        Assert.Equal(1, barePool.GetProperty("counts").GetProperty("Unavailable").GetInt32());
        var member = await FleetWait.GetAsync(client, $"/api/v1/members/{unchecked_.Id}/health");
        Assert.Equal("Unavailable", member.GetProperty("state").GetString());
        client.Dispose();
    }

    [Fact]
    public async Task History_AfterVerdicts_HasStoredTransitionsAndRecentResultsNewestFirst()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        var backend = FleetBackends.Ok();
        var fleet = new FleetSeeder(server, projectId);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var member = await fleet.MemberAsync(pool, backend.Port);
        await FleetWait.StateAsync(client, member.Id, "Healthy");
        await backend.DisposeAsync();
        await FleetWait.StateAsync(client, member.Id, "Unhealthy");

        // Transitions are written in batches: wait until both are stored.
        var history = await FleetWait.UntilAsync(client, $"/api/v1/members/{member.Id}/history?limit=10",
            h => h.GetProperty("transitions").GetArrayLength() >= 2);

        var transitions = history.GetProperty("transitions").EnumerateArray().ToList();
        Assert.Equal(("Healthy", "Unhealthy"), (transitions[0].GetProperty("from").GetString(), transitions[0].GetProperty("to").GetString()));
        Assert.Equal("CONNECT_FAILED", transitions[0].GetProperty("reason_code").GetString());
        Assert.Equal("Checks", transitions[0].GetProperty("cause").GetString());
        Assert.Equal(JsonValueKind.Null, transitions[0].GetProperty("node").ValueKind); // one node on SQLite: none named
        Assert.Equal("L4CON", transitions[0].GetProperty("evidence")[0].GetProperty("check_code").GetString());
        Assert.Equal(("Initial", "Healthy"), (transitions[1].GetProperty("from").GetString(), transitions[1].GetProperty("to").GetString()));
        var results = history.GetProperty("results").EnumerateArray().ToList();
        Assert.True(results.Count >= 2);
        Assert.Equal("fail", results[0].GetProperty("outcome").GetString());
        Assert.Equal("pass", results[^1].GetProperty("outcome").GetString());
        Assert.True(results[0].GetProperty("checked_at").GetDateTimeOffset() > results[^1].GetProperty("checked_at").GetDateTimeOffset());
        client.Dispose();
    }

    [Fact]
    public async Task Endpoints_ForeignOrUnknownIds_Are404ProblemJson()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, owner) = await server.CreateProjectAsync("owner");
        var (_, stranger) = await server.CreateProjectAsync("stranger");
        await using var backend = FleetBackends.Ok();
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync();
        var pool = await fleet.PoolAsync(lb);
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var listener = await fleet.ListenerAsync(lb, pool);
        var member = await fleet.MemberAsync(pool, backend.Port);

        string[] paths =
        [
            $"/api/v1/members/{member.Id}/health", $"/api/v1/members/{member.Id}/history", $"/api/v1/pools/{pool.Id}/health",
            $"/api/v1/listeners/{listener.Id}/health",
        ];
        foreach (var path in paths)
        {
            using var mine = await owner.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
            using var foreign = await stranger.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
            Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);
        }

        using var unknown = await owner.GetAsync("/api/v1/members/mbr-nope/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var anonymous = server.Anonymous();
        using var noToken = await anonymous.GetAsync(paths[0], TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        owner.Dispose();
        stranger.Dispose();
    }
}
