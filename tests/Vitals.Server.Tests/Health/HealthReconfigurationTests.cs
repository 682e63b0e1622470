using Microsoft.Extensions.DependencyInjection;
using Vitals.Core.Monitoring;
using Vitals.Engine;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Health;

public sealed class HealthReconfigurationTests
{
    [Fact]
    public async Task UpdateMonitor_ReachesTheEngineAtOnce_AndLeavesOtherPoolsChecksAlone()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        await using var backend = FleetBackends.Ok();
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync();
        var pool = await fleet.PoolAsync(lb, name: "changed");
        var monitor = await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var member = await fleet.MemberAsync(pool, backend.Port);
        var other = await fleet.PoolAsync(lb, name: "untouched");
        await fleet.MonitorAsync(other, FleetSeeder.Spec(HealthMonitorType.Tcp));
        var bystander = await fleet.MemberAsync(other, backend.Port);
        await FleetWait.StateAsync(client, member.Id, "Healthy");
        var before = await FleetWait.StateAsync(client, bystander.Id, "Healthy");

        // A TCP check of the same port: a different check, so the member starts over; the other pool does not move.
        await fleet.UpdateMonitorAsync(monitor with { Spec = monitor.Spec with { Type = HealthMonitorType.Tcp } });
        var engine = server.Services.GetRequiredService<HealthEngine>();
        var changed = await FleetWait.GetAsync(client, $"/api/v1/members/{member.Id}/health");

        Assert.Equal("Initial", changed.GetProperty("state").GetString());
        Assert.Equal(0, changed.GetProperty("consecutive_passes").GetInt32());
        var healthy = await FleetWait.StateAsync(client, member.Id, "Healthy");
        Assert.Equal("L4OK", healthy.GetProperty("check_code").GetString());
        var after = await FleetWait.GetAsync(client, $"/api/v1/members/{bystander.Id}/health");
        Assert.Equal(before.GetProperty("since").GetDateTimeOffset(), after.GetProperty("since").GetDateTimeOffset());
        Assert.True(after.GetProperty("consecutive_passes").GetInt32() >= before.GetProperty("consecutive_passes").GetInt32());
        Assert.Equal(2, engine.GetStatus().Members);
        client.Dispose();
    }

    [Fact]
    public async Task UpdateMember_WeightZero_IsUnusedAtOnce()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        await using var backend = FleetBackends.Ok();
        var fleet = new FleetSeeder(server, projectId);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var member = await fleet.MemberAsync(pool, backend.Port);
        await FleetWait.StateAsync(client, member.Id, "Healthy");

        await fleet.UpdateMemberAsync(member with { Weight = 0 });
        var unused = await FleetWait.GetAsync(client, $"/api/v1/members/{member.Id}/health");
        await fleet.UpdateMemberAsync(member with { Weight = 5 });
        var back = await FleetWait.GetAsync(client, $"/api/v1/members/{member.Id}/health");

        Assert.Equal("Unused", unused.GetProperty("state").GetString());
        Assert.Equal("Healthy", back.GetProperty("state").GetString());
        client.Dispose();
    }

    [Fact]
    public async Task DeleteMember_StopsItsChecks()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        await using var backend = FleetBackends.Ok();
        var fleet = new FleetSeeder(server, projectId);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var member = await fleet.MemberAsync(pool, backend.Port);
        await FleetWait.StateAsync(client, member.Id, "Healthy");

        await fleet.DeleteMemberAsync(member);
        var engine = server.Services.GetRequiredService<HealthEngine>();
        Assert.Null(engine.GetMember(member.Id));

        // A check already in flight may still land; after that, three whole intervals pass without a connection.
        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);
        var accepted = backend.Accepted;
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        Assert.Equal(accepted, backend.Accepted);
        using var gone = await client.GetAsync($"/api/v1/members/{member.Id}/health", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
        client.Dispose();
    }

    [Fact]
    public async Task DeleteMonitor_MembersBecomeUnavailableAndUnchecked()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        await using var backend = FleetBackends.Ok();
        var fleet = new FleetSeeder(server, projectId);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        var monitor = await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var member = await fleet.MemberAsync(pool, backend.Port);
        await FleetWait.StateAsync(client, member.Id, "Healthy");

        await fleet.DeleteMonitorAsync(monitor);
        var health = await FleetWait.GetAsync(client, $"/api/v1/members/{member.Id}/health");
        var poolHealth = await FleetWait.GetAsync(client, $"/api/v1/pools/{pool.Id}/health");

        Assert.Equal("Unavailable", health.GetProperty("state").GetString());
        Assert.False(poolHealth.GetProperty("health_check_enabled").GetBoolean());
        Assert.Null(server.Services.GetRequiredService<HealthEngine>().GetMember(member.Id));
        var history = await FleetWait.UntilAsync(client, $"/api/v1/members/{member.Id}/history",
            h => h.GetProperty("transitions") is { } t && t.GetArrayLength() > 0 && t[0].GetProperty("to").GetString() == "Unavailable");
        Assert.Equal("ChecksToggled", history.GetProperty("transitions")[0].GetProperty("cause").GetString());
        client.Dispose();
    }
}
