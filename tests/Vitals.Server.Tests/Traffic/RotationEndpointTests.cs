using System.Net;
using System.Text.Json;
using Vitals.Core.Monitoring;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Traffic;

public sealed class RotationEndpointTests
{
    [Fact]
    public async Task Rotation_MixedPool_SaysWhatALoadBalancerShouldDoWithEachMember()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        await using var ok = FleetBackends.Ok();
        await using var failing = FleetBackends.Error500();
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync();
        var pool = await fleet.PoolAsync(lb);
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var healthy = await fleet.MemberAsync(pool, ok.Port, weight: 40);
        var broken = await fleet.MemberAsync(pool, failing.Port);
        var drained = await fleet.MemberAsync(pool, ok.Port, weight: 0, address: "127.0.0.2");
        var off = await fleet.MemberAsync(pool, ok.Port, address: "127.0.0.3");
        await fleet.UpdateMemberAsync(off with { AdminStateUp = false });
        await FleetWait.StateAsync(client, healthy.Id, "Healthy");
        await FleetWait.StateAsync(client, broken.Id, "Unhealthy");

        var rotation = await FleetWait.GetAsync(client, $"/api/v1/rotation?pool_id={pool.Id}");

        var p = Assert.Single(rotation.GetProperty("pools").EnumerateArray());
        Assert.Equal(pool.Id, p.GetProperty("pool_id").GetString());
        Assert.Equal(lb.Id, p.GetProperty("loadbalancer_id").GetString());
        Assert.Equal((4, 1), (p.GetProperty("members_total").GetInt32(), p.GetProperty("in_rotation").GetInt32()));
        Assert.Equal(JsonValueKind.Null, p.GetProperty("panic").ValueKind);
        var members = p.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("member_id").GetString()!);
        Assert.Equal(("ready", "up ready 40%"), Row(members[healthy.Id]));
        Assert.Equal("down", members[broken.Id].GetProperty("rotation").GetString());
        Assert.Equal("HTTP_CODE_NOT_MATCH", members[broken.Id].GetProperty("reason_code").GetString());
        Assert.StartsWith("down ready #HTTP_CODE_NOT_MATCH ", members[broken.Id].GetProperty("agent_line").GetString(), StringComparison.Ordinal);
        Assert.Equal(("drain", "drain"), Row(members[drained.Id]));
        Assert.Equal(("maint", "maint"), Row(members[off.Id]));
        Assert.Equal(ok.Port, members[healthy.Id].GetProperty("protocol_port").GetInt32());
        client.Dispose();
    }

    [Fact]
    public async Task Rotation_PoolBelowMinHealthyPercent_KeepsTheLeastBadInRotationAndSaysPanic()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        await using var ok = FleetBackends.Ok();
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync();
        var pool = await fleet.PoolAsync(lb);
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var healthy = await fleet.MemberAsync(pool, ok.Port);
        var a = await fleet.MemberAsync(pool, FleetBackends.ClosedPort());
        var b = await fleet.MemberAsync(pool, FleetBackends.ClosedPort(), address: "127.0.0.2");
        var c = await fleet.MemberAsync(pool, FleetBackends.ClosedPort(), address: "127.0.0.3");
        await FleetWait.StateAsync(client, healthy.Id, "Healthy");
        foreach (var member in new[] { a, b, c })
        {
            await FleetWait.StateAsync(client, member.Id, "Unhealthy");
        }

        Assert.Equal(HttpStatusCode.OK, (await client.ApiPutAsync($"/api/v1/pools/{pool.Id}", new { min_healthy_percent = 50 })).Status);
        var rotation = await FleetWait.GetAsync(client, $"/api/v1/rotation?loadbalancer_id={lb.Id}");
        var health = await FleetWait.GetAsync(client, $"/api/v1/pools/{pool.Id}/health");

        var p = Assert.Single(rotation.GetProperty("pools").EnumerateArray());
        Assert.Equal(2, p.GetProperty("in_rotation").GetInt32());
        var panic = p.GetProperty("panic");
        Assert.Equal((4, 1, 2), (panic.GetProperty("eligible").GetInt32(), panic.GetProperty("healthy").GetInt32(), panic.GetProperty("required").GetInt32()));
        var kept = Assert.Single(panic.GetProperty("kept").EnumerateArray()).GetString();
        Assert.Contains(kept, new[] { a.Id, b.Id, c.Id });
        var keptRow = p.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("member_id").GetString() == kept);
        Assert.True(keptRow.GetProperty("kept_by_panic").GetBoolean());
        Assert.Equal("ready", keptRow.GetProperty("rotation").GetString());
        Assert.Equal("CONNECT_FAILED", keptRow.GetProperty("reason_code").GetString());
        Assert.Equal(2, health.GetProperty("in_rotation").GetInt32());
        Assert.Equal(panic.GetRawText(), health.GetProperty("panic").GetRawText());

        Assert.Equal(HttpStatusCode.OK, (await client.ApiPutAsync($"/api/v1/pools/{pool.Id}", new { min_healthy_percent = (int?)null })).Status);
        var after = await FleetWait.GetAsync(client, $"/api/v1/rotation?pool_id={pool.Id}");
        var calm = await FleetWait.GetAsync(client, $"/api/v1/pools/{pool.Id}/health");
        Assert.Equal(JsonValueKind.Null, after.GetProperty("pools")[0].GetProperty("panic").ValueKind);
        Assert.Equal(1, after.GetProperty("pools")[0].GetProperty("in_rotation").GetInt32());
        Assert.Equal((JsonValueKind.Null, 1), (calm.GetProperty("panic").ValueKind, calm.GetProperty("in_rotation").GetInt32()));
        client.Dispose();
    }

    [Fact]
    public async Task Events_PoolEntersAndLeavesPanic_OnePanicEventEach()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        using var _ = client;
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync();
        var pool = await fleet.PoolAsync(lb);
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Tcp));
        var a = await fleet.MemberAsync(pool, FleetBackends.ClosedPort());
        var b = await fleet.MemberAsync(pool, FleetBackends.ClosedPort(), address: "127.0.0.2");
        await FleetWait.StateAsync(client, a.Id, "Unhealthy");
        await FleetWait.StateAsync(client, b.Id, "Unhealthy");
        await using var events = await FleetEventStream.OpenAsync(client);

        await client.ApiPutAsync($"/api/v1/pools/{pool.Id}", new { min_healthy_percent = 50 });
        var entered = await events.NextAsync("panic", e => e.GetProperty("pool_id").GetString() == pool.Id, TimeSpan.FromSeconds(10));
        await client.ApiPutAsync($"/api/v1/pools/{pool.Id}", new { min_healthy_percent = (int?)null });
        var left = await events.NextAsync("panic", e => e.GetProperty("pool_id").GetString() == pool.Id, TimeSpan.FromSeconds(10));

        Assert.True(entered.GetProperty("in_panic").GetBoolean());
        Assert.Equal(lb.Id, entered.GetProperty("loadbalancer_id").GetString());
        var panic = entered.GetProperty("panic");
        Assert.Equal((2, 0, 1), (panic.GetProperty("eligible").GetInt32(), panic.GetProperty("healthy").GetInt32(), panic.GetProperty("required").GetInt32()));
        Assert.Contains(Assert.Single(panic.GetProperty("kept").EnumerateArray()).GetString(), new[] { a.Id, b.Id });
        Assert.False(left.GetProperty("in_panic").GetBoolean());
        Assert.Equal(JsonValueKind.Null, left.GetProperty("panic").ValueKind);
    }

    [Fact]
    public async Task Rotation_UnknownOrForeignPool_Is404AndTheListShowsOnlyTheCallersPools()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        var (otherId, other) = await server.CreateProjectAsync("other");
        var mine = new FleetSeeder(server, projectId);
        var pool = await mine.PoolAsync(await mine.LoadBalancerAsync());
        var theirs = new FleetSeeder(server, otherId);
        var foreign = await theirs.PoolAsync(await theirs.LoadBalancerAsync());

        using var unknown = await client.GetAsync(new Uri("/api/v1/rotation?pool_id=sgp-nope", UriKind.Relative), TestContext.Current.CancellationToken);
        using var crossed = await client.GetAsync(new Uri($"/api/v1/rotation?pool_id={foreign.Id}", UriKind.Relative), TestContext.Current.CancellationToken);
        var all = await FleetWait.GetAsync(client, "/api/v1/rotation");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, crossed.StatusCode);
        Assert.Equal([pool.Id], all.GetProperty("pools").EnumerateArray().Select(p => p.GetProperty("pool_id").GetString()));
        client.Dispose();
        other.Dispose();
    }

    private static (string?, string?) Row(JsonElement member) =>
        (member.GetProperty("rotation").GetString(), member.GetProperty("agent_line").GetString());
}
