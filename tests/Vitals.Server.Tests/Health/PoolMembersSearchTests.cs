using System.Net;
using System.Text.Json;
using Vitals.Core.Monitoring;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Health;

/// <summary><c>GET /api/v1/pools/{id}/members/health</c> narrowed by <c>state</c> and <c>q</c>.</summary>
public sealed class PoolMembersSearchTests
{
    [Fact]
    public async Task MembersHealth_StateAndText_NarrowTheListAndPageItInCreationOrder()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        await using var ok = FleetBackends.Ok();
        await using var ok2 = FleetBackends.Ok();
        var fleet = new FleetSeeder(server, projectId);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var web1 = await fleet.MemberAsync(pool, ok.Port, name: "web-1");
        var down1 = await fleet.MemberAsync(pool, FleetBackends.ClosedPort(), address: "127.0.0.5", name: "api-down-1");
        var web2 = await fleet.MemberAsync(pool, ok2.Port, name: "Web-2");
        var drained = await fleet.MemberAsync(pool, ok.Port, weight: 0, address: "127.0.0.3", name: "web-drained");
        var down2 = await fleet.MemberAsync(pool, FleetBackends.ClosedPort(), address: "127.0.0.6", name: "api-down-2");
        await FleetWait.StateAsync(client, web1.Id, "Healthy");
        await FleetWait.StateAsync(client, web2.Id, "Healthy");
        await FleetWait.StateAsync(client, down1.Id, "Unhealthy");
        await FleetWait.StateAsync(client, down2.Id, "Unhealthy");

        // "ids | total | next marker", so a failure shows the whole page.
        async Task<string> ListAsync(string query)
        {
            var page = await FleetWait.GetAsync(client, $"/api/v1/pools/{pool.Id}/members/health?{query}");
            var ids = page.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("member_id").GetString()!).ToArray();
            var next = page.GetProperty("next_marker");
            return Page(ids, page.GetProperty("total_count").GetInt32(), next.ValueKind == JsonValueKind.Null ? null : next.GetString());
        }

        Assert.Equal(Page([down1.Id, down2.Id], 2, null), await ListAsync("state=Unhealthy"));
        Assert.Equal(Page([down1.Id, drained.Id, down2.Id], 3, null), await ListAsync("state=unhealthy,Unused"));
        Assert.Equal(Page([down1.Id, drained.Id, down2.Id], 3, null), await ListAsync("state=Unused&state=Unhealthy"));
        Assert.Equal(Page([web1.Id, web2.Id, drained.Id], 3, null), await ListAsync("q=WEB"));
        Assert.Equal(Page([web1.Id, web2.Id], 2, null), await ListAsync("q=web&state=Healthy"));
        Assert.Equal(Page([web1.Id, web2.Id], 2, null), await ListAsync("q=127.0.0.1"));
        Assert.Equal(Page([web2.Id], 1, null), await ListAsync("q=b-2"));
        Assert.Equal(Page([down1.Id], 1, null), await ListAsync($"q=127.0.0.5:{down1.ProtocolPort}"));
        Assert.Equal(Page([down2.Id], 1, null), await ListAsync($"q={down2.Id}"));
        Assert.Equal(Page([], 0, null), await ListAsync("q=nothing-like-this"));

        // Pages of one: the marker walks the matches in creation order; the total counts them all on every page.
        Assert.Equal(Page([down1.Id], 3, down1.Id), await ListAsync("state=Unhealthy,Unused&limit=1"));
        Assert.Equal(Page([drained.Id], 3, drained.Id), await ListAsync($"state=Unhealthy,Unused&limit=1&marker={down1.Id}"));
        Assert.Equal(Page([down2.Id], 3, null), await ListAsync($"state=Unhealthy,Unused&limit=1&marker={drained.Id}"));
        // A marker that is a member of the pool but not a match still places the page.
        Assert.Equal(Page([down2.Id], 2, null), await ListAsync($"state=Unhealthy&marker={web2.Id}"));

        // A member that changes state leaves one list for the other at once.
        await fleet.UpdateMemberAsync(down2 with { Weight = 0 });
        await FleetWait.StateAsync(client, down2.Id, "Unused");
        Assert.Equal(Page([down1.Id], 1, null), await ListAsync("state=Unhealthy"));
        Assert.Equal(Page([drained.Id, down2.Id], 2, null), await ListAsync("state=Unused"));
        client.Dispose();
    }

    private static string Page(string[] ids, int total, string? next) => $"{string.Join(',', ids)} | {total} | {next}";

    [Fact]
    public async Task MembersHealth_BadStateTextOrMarker_AnswerFieldErrors_AndForeignPoolsStayHidden()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync("owner");
        var (_, stranger) = await server.CreateProjectAsync("stranger");
        var fleet = new FleetSeeder(server, projectId);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        await fleet.MemberAsync(pool, 8080);

        foreach (var (query, field) in new[]
                 {
                     ("state=Sick", "state"), ("state=1", "state"), ("state=Healthy,", "none"), ("q=" + new string('x', 256), "q"),
                     ("state=Healthy&marker=mbr-nope", "marker"), ("q=x&limit=0", "limit"),
                 })
        {
            var answer = await client.ApiGetAsync($"/api/v1/pools/{pool.Id}/members/health?{query}");
            if (field == "none")
            {
                Assert.Equal(HttpStatusCode.OK, answer.Status);
                continue;
            }

            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            Assert.Equal("application/problem+json", answer.MediaType);
            Assert.NotEmpty(answer.ErrorsOf(field));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.ApiGetAsync($"/api/v1/pools/{pool.Id}/members/health?state=Initial")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ApiGetAsync("/api/v1/pools/sgp-nope/members/health?q=web")).Status);
        client.Dispose();
        stranger.Dispose();
    }
}
