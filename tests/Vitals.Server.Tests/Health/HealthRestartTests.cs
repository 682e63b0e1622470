using Vitals.Core.Monitoring;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Health;

public sealed class HealthRestartTests
{
    [Fact]
    public async Task Restart_MembersResumeFromTheirSavedStateThenChecksConfirm()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        await using var backend = FleetBackends.Ok();
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync();
        var pool = await fleet.PoolAsync(lb);

        // Rise and fall of 8: after the restart a verdict needs eight checks (seven seconds or more) to be confirmed, time
        // enough to read both members on their saved verdicts, also on a busy machine where a restart takes seconds.
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http, rise: 8, fall: 8));
        var listener = await fleet.ListenerAsync(lb, pool);
        var up = await fleet.MemberAsync(pool, backend.Port);
        var down = await fleet.MemberAsync(pool, FleetBackends.ClosedPort());
        var healthy = await FleetWait.StateAsync(client, up.Id, "Healthy");
        var unhealthy = await FleetWait.StateAsync(client, down.Id, "Unhealthy");

        await server.RestartAsync();
        client.Dispose();
        client = server.WithToken(client.DefaultRequestHeaders.Authorization!.Parameter!);
        var resumedUp = await FleetWait.GetAsync(client, $"/api/v1/members/{up.Id}/health");
        var resumedDown = await FleetWait.GetAsync(client, $"/api/v1/members/{down.Id}/health");

        Assert.Equal("Healthy", resumedUp.GetProperty("state").GetString());
        Assert.Equal(healthy.GetProperty("since").GetDateTimeOffset().ToUnixTimeMilliseconds(),
            resumedUp.GetProperty("since").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal("Unhealthy", resumedDown.GetProperty("state").GetString());
        Assert.Equal(unhealthy.GetProperty("since").GetDateTimeOffset().ToUnixTimeMilliseconds(),
            resumedDown.GetProperty("since").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.True(resumedUp.GetProperty("restored").GetBoolean() || resumedUp.GetProperty("consecutive_passes").GetInt32() >= 8);
        Assert.True(resumedDown.GetProperty("restored").GetBoolean() || resumedDown.GetProperty("consecutive_failures").GetInt32() >= 8);
        Assert.True(resumedUp.GetProperty("restored").GetBoolean() || resumedDown.GetProperty("restored").GetBoolean(),
            "right after a restart, at least one member must still be on its saved verdict");

        // Configuration is back, and the stored transitions too.
        var listenerHealth = await FleetWait.GetAsync(client, $"/api/v1/listeners/{listener.Id}/health");
        Assert.Equal(2, listenerHealth.GetProperty("pools")[0].GetProperty("members_total").GetInt32());
        var history = await FleetWait.GetAsync(client, $"/api/v1/members/{down.Id}/history");
        Assert.Equal("Unhealthy", history.GetProperty("transitions")[0].GetProperty("to").GetString());

        // Then checks confirm the saved verdicts without a transition through Initial.
        var confirmed = await FleetWait.UntilAsync(client, $"/api/v1/members/{up.Id}/health", h => !h.GetProperty("restored").GetBoolean());
        Assert.Equal("Healthy", confirmed.GetProperty("state").GetString());
        Assert.Equal(resumedUp.GetProperty("since").GetDateTimeOffset(), confirmed.GetProperty("since").GetDateTimeOffset());
        var downConfirmed = await FleetWait.UntilAsync(client, $"/api/v1/members/{down.Id}/health", h => !h.GetProperty("restored").GetBoolean());
        Assert.Equal("Unhealthy", downConfirmed.GetProperty("state").GetString());
        Assert.Equal("CONNECT_FAILED", downConfirmed.GetProperty("reason_code").GetString());
        client.Dispose();
    }
}
