using System.Text.Json;
using Vitals.Control.Health;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Health;

/// <summary>The <c>reason</c> in words, next to every <c>reason_code</c>, against real backends.</summary>
public sealed class HealthReasonTests
{
    [Fact]
    public async Task Reason_EveryStateOnEveryEndpoint_SaysWhyInWords()
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
        var drained = await fleet.MemberAsync(pool, FleetBackends.ClosedPort(), weight: 0, address: "127.0.0.2");
        var off = await fleet.UpdateMemberAsync(await fleet.MemberAsync(pool, FleetBackends.ClosedPort(), address: "127.0.0.3") with { AdminStateUp = false });
        var bare = await fleet.PoolAsync(lb, name: "no-monitor");
        var unchecked_ = await fleet.MemberAsync(bare, ok.Port);
        var quiet = await fleet.PoolAsync(lb, name: "monitor-off");
        await fleet.MonitorAsync(quiet, FleetSeeder.Spec(HealthMonitorType.Http) with { AdminStateUp = false });
        var silenced = await fleet.MemberAsync(quiet, ok.Port);
        var stopped = await fleet.PoolAsync(lb, name: "pool-off");
        await fleet.MonitorAsync(stopped, FleetSeeder.Spec(HealthMonitorType.Http));
        var stoppedMember = await fleet.MemberAsync(stopped, ok.Port);
        var switchedOff = await client.ApiPutAsync($"/api/v1/pools/{stopped.Id}", new { admin_state_up = false });
        Assert.True(switchedOff.Status == System.Net.HttpStatusCode.OK, switchedOff.ToString());

        var h = await FleetWait.StateAsync(client, healthy.Id, "Healthy");
        var u = await FleetWait.StateAsync(client, broken.Id, "Unhealthy");
        var c = await FleetWait.StateAsync(client, refused.Id, "Unhealthy");

        Assert.Equal(JsonValueKind.Null, h.GetProperty("reason").ValueKind);
        Assert.Equal("The backend answered HTTP 500, which is not one of the monitor's expected codes.", u.GetProperty("reason").GetString());
        Assert.Equal(HealthReasons.Words(ReasonCode.ConnectFailed), c.GetProperty("reason").GetString());
        Assert.StartsWith("The connection was refused", c.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HealthReasons.Unused, await ReasonAsync(client, drained.Id, "Unused"));
        Assert.Equal(HealthReasons.MemberOff, await ReasonAsync(client, off.Id, "Unavailable"));
        Assert.Equal(HealthReasons.NoMonitor, await ReasonAsync(client, unchecked_.Id, "Unavailable"));
        Assert.Equal(HealthReasons.MonitorOff, await ReasonAsync(client, silenced.Id, "Unavailable"));
        Assert.Equal(HealthReasons.PoolOff, await ReasonAsync(client, stoppedMember.Id, "Unavailable"));

        // The pool's non-healthy list carries the same words.
        var poolHealth = await FleetWait.GetAsync(client, $"/api/v1/pools/{pool.Id}/health");
        var listed = poolHealth.GetProperty("non_healthy").EnumerateArray().ToDictionary(m => m.GetProperty("member_id").GetString()!);
        Assert.Equal(u.GetProperty("reason").GetString(), listed[broken.Id].GetProperty("reason").GetString());
        Assert.Equal(c.GetProperty("reason").GetString(), listed[refused.Id].GetProperty("reason").GetString());
        Assert.Equal(HealthReasons.Unused, listed[drained.Id].GetProperty("reason").GetString());
        Assert.Equal(HealthReasons.MemberOff, listed[off.Id].GetProperty("reason").GetString());
        Assert.False(listed.ContainsKey(healthy.Id));

        // History: the transition, its evidence and the recent results explain themselves too; passes have no reason.
        var history = await FleetWait.UntilAsync(client, $"/api/v1/members/{refused.Id}/history",
            x => x.GetProperty("transitions").GetArrayLength() >= 1);
        var transition = history.GetProperty("transitions")[0];
        Assert.Equal("Unhealthy", transition.GetProperty("to").GetString());
        Assert.Equal(HealthReasons.Words(ReasonCode.ConnectFailed), transition.GetProperty("reason").GetString());
        Assert.Equal(HealthReasons.Words(ReasonCode.ConnectFailed), transition.GetProperty("evidence")[0].GetProperty("reason").GetString());
        Assert.Equal(HealthReasons.Words(ReasonCode.ConnectFailed), history.GetProperty("results")[0].GetProperty("reason").GetString());
        var passed = await FleetWait.UntilAsync(client, $"/api/v1/members/{healthy.Id}/history",
            x => x.GetProperty("transitions").GetArrayLength() >= 1);
        Assert.Equal(JsonValueKind.Null, passed.GetProperty("transitions")[0].GetProperty("reason").ValueKind);
        Assert.Equal(JsonValueKind.Null, passed.GetProperty("results")[0].GetProperty("reason").ValueKind);
        client.Dispose();
    }

    [Fact]
    public async Task Reason_Initial_CountsThePassesSoFar()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        await using var ok = FleetBackends.Ok();
        var fleet = new FleetSeeder(server, projectId);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http, rise: 10));
        var member = await fleet.MemberAsync(pool, ok.Port);

        // Ten passes are needed at one a second: the member stays Initial long after its first check.
        var first = await FleetWait.UntilAsync(client, $"/api/v1/members/{member.Id}/health",
            x => x.GetProperty("consecutive_passes").GetInt32() >= 1 && x.GetProperty("state").GetString() == "Initial");

        var passes = first.GetProperty("consecutive_passes").GetInt32();
        Assert.Equal($"Not decided yet: {passes} of the 10 passed checks in a row that make it Healthy.", first.GetProperty("reason").GetString());
        client.Dispose();
    }

    [Fact]
    public async Task Events_Transitions_CarryTheReasonInWords()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        await using var ok = FleetBackends.Ok();
        await using var events = await FleetEventStream.OpenAsync(client);
        var fleet = new FleetSeeder(server, projectId);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        var monitor = await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var refused = await fleet.MemberAsync(pool, FleetBackends.ClosedPort());
        var healthy = await fleet.MemberAsync(pool, ok.Port);

        var down = await events.NextAsync("transition", e => Is(e, refused.Id, "Unhealthy"), FleetWait.DefaultTimeout);
        var up = await events.NextAsync("transition", e => Is(e, healthy.Id, "Healthy"), FleetWait.DefaultTimeout);
        await fleet.UpdateMemberAsync(healthy with { AdminStateUp = false });
        var off = await events.NextAsync("transition", e => Is(e, healthy.Id, "Unavailable"), FleetWait.DefaultTimeout);
        await fleet.DeleteMonitorAsync(monitor);
        var unmonitored = await events.NextAsync("transition", e => Is(e, refused.Id, "Unavailable"), FleetWait.DefaultTimeout);

        Assert.Equal(HealthReasons.Words(ReasonCode.ConnectFailed), down.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, up.GetProperty("reason").ValueKind);
        Assert.Equal(HealthReasons.MemberOff, off.GetProperty("reason").GetString());
        Assert.Equal("ChecksToggled", unmonitored.GetProperty("cause").GetString());
        Assert.Equal(HealthReasons.NoMonitor, unmonitored.GetProperty("reason").GetString());
        client.Dispose();
    }

    private static bool Is(JsonElement e, string memberId, string to) =>
        e.GetProperty("member_id").GetString() == memberId && e.GetProperty("to").GetString() == to;

    private static async Task<string?> ReasonAsync(HttpClient client, string memberId, string state) =>
        (await FleetWait.StateAsync(client, memberId, state)).GetProperty("reason").GetString();
}
