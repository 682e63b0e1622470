using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vitals.Control.Demo;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Demo;

public sealed class DemoFleetTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Demo_ShowsEveryStateAndReasonWithinSeconds_AndSurvivesARestart()
    {
        await using var server = await RunningServer.StartAsync(EnableDemo);
        var info = server.Services.GetRequiredService<DemoFleet>().Info;
        Assert.NotNull(info);
        using var client = server.WithToken(DemoFleet.Token);

        await ExpectPromisedStatesAsync(client, info);
        var web = await FleetWait.GetAsync(client, $"/api/v1/listeners/{info.Listeners["web"]}/health");
        var counts = web.GetProperty("pools")[0].GetProperty("counts");
        Assert.Equal(3, counts.GetProperty("Healthy").GetInt32());
        Assert.Equal(3, counts.GetProperty("Unhealthy").GetInt32());

        await server.RestartAsync();
        var again = server.Services.GetRequiredService<DemoFleet>().Info;
        Assert.NotNull(again);
        Assert.Equal(info.ProjectId, again.ProjectId);
        Assert.Equal(info.Listeners["web"], again.Listeners["web"]);
        using var afterRestart = server.WithToken(DemoFleet.Token);
        await ExpectPromisedStatesAsync(afterRestart, again);
        var pool = (await FleetWait.GetAsync(afterRestart, $"/api/v1/listeners/{again.Listeners["web"]}/health")).GetProperty("pools")[0];
        Assert.Equal(8, pool.GetProperty("members_total").GetInt32());
    }

    [Fact]
    public async Task WithoutDemo_NoDemoProject()
    {
        await using var server = await RunningServer.StartAsync();
        Assert.Null(server.Services.GetRequiredService<DemoFleet>().Info);
        using var client = server.WithToken(DemoFleet.Token);
        using var response = await client.GetAsync("/api/v1/members/x/health", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    // RunningServer builds its own options; the demo flag is switched on in that same options object.
    private static void EnableDemo(IServiceCollection services) =>
        ((IOptions<VitalsServerOptions>)services.Single(d => d.ServiceType == typeof(IOptions<VitalsServerOptions>)).ImplementationInstance!)
            .Value.Demo = true;

    private static async Task ExpectPromisedStatesAsync(HttpClient client, DemoInfo info)
    {
        foreach (var name in (string[])["web-1", "web-2", "web-3", "tcp-1", "grpc-1"])
        {
            await FleetWait.StateAsync(client, info.Members[name], "Healthy", Deadline);
        }

        foreach (var (name, reason) in ((string, string)[])[
            ("web-500", "HTTP_CODE_NOT_MATCH"), ("web-slow", "RECV_RESPONSE_TIMEOUT"), ("web-closed", "CONNECT_FAILED")])
        {
            var health = await FleetWait.StateAsync(client, info.Members[name], "Unhealthy", Deadline);
            Assert.Equal(reason, health.GetProperty("reason_code").GetString());
        }

        await FleetWait.StateAsync(client, info.Members["web-drained"], "Unused", Deadline);
        await FleetWait.StateAsync(client, info.Members["web-off"], "Unavailable", Deadline);
    }
}
