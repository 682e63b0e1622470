using Vitals.Core.Monitoring;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Health;

public sealed class HealthEventStreamTests
{
    [Fact]
    public async Task Events_BackendDies_StreamsTheTransitionToItsProjectOnly()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, owner) = await server.CreateProjectAsync("owner");
        var (strangerId, stranger) = await server.CreateProjectAsync("stranger");
        var backend = FleetBackends.Ok();
        await using var strangerBackend = FleetBackends.Ok();
        await using var mine = await FleetEventStream.OpenAsync(owner);
        await using var theirs = await FleetEventStream.OpenAsync(stranger);
        var fleet = new FleetSeeder(server, projectId);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var member = await fleet.MemberAsync(pool, backend.Port);
        var strangerFleet = new FleetSeeder(server, strangerId);
        var strangerPool = await strangerFleet.PoolAsync(await strangerFleet.LoadBalancerAsync());
        await strangerFleet.MonitorAsync(strangerPool, FleetSeeder.Spec(HealthMonitorType.Http));
        var strangerMember = await strangerFleet.MemberAsync(strangerPool, strangerBackend.Port);

        await mine.NextAsync("transition", e => e.GetProperty("member_id").GetString() == member.Id && e.GetProperty("to").GetString() == "Healthy",
            FleetWait.DefaultTimeout);
        await theirs.NextAsync("transition", e => e.GetProperty("member_id").GetString() == strangerMember.Id, FleetWait.DefaultTimeout);
        await backend.DisposeAsync();
        var died = await mine.NextAsync("transition", e => e.GetProperty("to").GetString() == "Unhealthy", FleetWait.DefaultTimeout);

        Assert.Equal("text/event-stream", mine.ContentType);
        Assert.Equal(member.Id, died.GetProperty("member_id").GetString());
        Assert.Equal(pool.Id, died.GetProperty("pool_id").GetString());
        Assert.Equal("Healthy", died.GetProperty("from").GetString());
        Assert.Equal("CONNECT_FAILED", died.GetProperty("reason_code").GetString());
        Assert.Equal("L4CON", died.GetProperty("check_code").GetString());
        Assert.True(died.TryGetProperty("at", out _));

        // The stranger's stream saw its own member's verdict, and nothing of the owner's members at any time.
        foreach (var (_, data) in theirs.Drain())
        {
            Assert.Equal(strangerMember.Id, data.GetProperty("member_id").GetString());
        }

        owner.Dispose();
        stranger.Dispose();
    }
}
