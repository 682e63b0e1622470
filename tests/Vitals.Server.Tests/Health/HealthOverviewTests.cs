using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Vitals.Control.Health;
using Vitals.Core.Monitoring;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Health;

/// <summary><c>GET /api/v1/health</c>: the project overview.</summary>
public sealed class HealthOverviewTests
{
    private static readonly string[] States = ["Initial", "Healthy", "Unhealthy", "Unused", "Unavailable"];

    [Fact]
    public async Task Overview_MixedFleet_CountsTheProjectAndListsNonHealthyWorstAndNewestFirst()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync("mine");
        var (otherId, other) = await server.CreateProjectAsync("other");
        await using var ok = FleetBackends.Ok();
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync();
        var web = await fleet.PoolAsync(lb, name: "web");
        await fleet.MonitorAsync(web, FleetSeeder.Spec(HealthMonitorType.Http));
        var healthy = await fleet.MemberAsync(web, ok.Port);
        var firstDown = await fleet.MemberAsync(web, FleetBackends.ClosedPort());
        await FleetWait.StateAsync(client, firstDown.Id, "Unhealthy");
        var secondDown = await fleet.MemberAsync(web, FleetBackends.ClosedPort(), address: "127.0.0.2");
        await FleetWait.StateAsync(client, secondDown.Id, "Unhealthy");
        var drained = await fleet.MemberAsync(web, FleetBackends.ClosedPort(), weight: 0, address: "127.0.0.3");
        var bare = await fleet.PoolAsync(lb, name: "bare");
        var unchecked_ = await fleet.MemberAsync(bare, ok.Port);
        var otherFleet = new FleetSeeder(server, otherId);
        var otherPool = await otherFleet.PoolAsync(await otherFleet.LoadBalancerAsync());
        await otherFleet.MemberAsync(otherPool, 8080);
        await otherFleet.MemberAsync(otherPool, 8081);
        await FleetWait.StateAsync(client, healthy.Id, "Healthy");
        await FleetWait.StateAsync(client, drained.Id, "Unused");

        var overview = await FleetWait.GetAsync(client, "/api/v1/health");

        var counts = overview.GetProperty("counts");
        Assert.Equal(States.Order(StringComparer.Ordinal), counts.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal((1, 2, 1, 1, 0), (counts.GetProperty("Healthy").GetInt32(), counts.GetProperty("Unhealthy").GetInt32(),
            counts.GetProperty("Unused").GetInt32(), counts.GetProperty("Unavailable").GetInt32(), counts.GetProperty("Initial").GetInt32()));
        Assert.Equal(5, overview.GetProperty("members_total").GetInt32());
        Assert.Equal(4, overview.GetProperty("non_healthy_total").GetInt32());
        Assert.Equal(0, overview.GetProperty("flapping_total").GetInt32());
        var listed = overview.GetProperty("non_healthy").EnumerateArray().ToList();
        Assert.Equal([secondDown.Id, firstDown.Id, unchecked_.Id, drained.Id], listed.Select(m => m.GetProperty("member_id").GetString()));

        var down = listed[0];
        Assert.Equal(secondDown.Name, down.GetProperty("name").GetString());
        Assert.Equal(web.Id, down.GetProperty("pool_id").GetString());
        Assert.Equal("web", down.GetProperty("pool_name").GetString());
        Assert.Equal("127.0.0.2", down.GetProperty("address").GetString());
        Assert.Equal(secondDown.ProtocolPort, down.GetProperty("protocol_port").GetInt32());
        Assert.Equal(JsonValueKind.Null, down.GetProperty("instance_id").ValueKind);
        Assert.Equal("Unhealthy", down.GetProperty("state").GetString());
        Assert.Equal("CONNECT_FAILED", down.GetProperty("reason_code").GetString());
        Assert.Equal("CONNECT_FAILED", down.GetProperty("nlb_reason_code").GetString());
        Assert.StartsWith("The connection was refused", down.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("L4CON", down.GetProperty("check_code").GetString());
        Assert.False(down.GetProperty("flapping").GetBoolean());
        Assert.True(down.GetProperty("since").GetDateTimeOffset() >= listed[1].GetProperty("since").GetDateTimeOffset());
        Assert.Equal("bare", listed[2].GetProperty("pool_name").GetString());
        Assert.Equal(HealthReasons.NoMonitor, listed[2].GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, listed[2].GetProperty("check_code").ValueKind);
        Assert.Equal(HealthReasons.Unused, listed[3].GetProperty("reason").GetString());

        // The other project sees only its own two members; the admin sees both projects.
        var theirs = await FleetWait.GetAsync(other, "/api/v1/health");
        Assert.Equal(2, theirs.GetProperty("members_total").GetInt32());
        Assert.Equal(2, theirs.GetProperty("counts").GetProperty("Unavailable").GetInt32());
        using var admin = server.Admin();
        var all = await FleetWait.GetAsync(admin, "/api/v1/health");
        Assert.Equal(7, all.GetProperty("members_total").GetInt32());
        Assert.Equal(6, all.GetProperty("non_healthy_total").GetInt32());

        var none = await FleetWait.GetAsync(client, "/api/v1/health?non_healthy_limit=0");
        Assert.Equal(0, none.GetProperty("non_healthy").GetArrayLength());
        Assert.Equal(4, none.GetProperty("non_healthy_total").GetInt32());
        var one = await FleetWait.GetAsync(client, "/api/v1/health?non_healthy_limit=1");
        Assert.Equal(secondDown.Id, Assert.Single(one.GetProperty("non_healthy").EnumerateArray()).GetProperty("member_id").GetString());

        // Narrowed to one pool: its counts and members only, in the same order; another project's pool is 404.
        var webOnly = await FleetWait.GetAsync(client, $"/api/v1/health?pool_id={web.Id}");
        Assert.Equal(4, webOnly.GetProperty("members_total").GetInt32());
        Assert.Equal(0, webOnly.GetProperty("counts").GetProperty("Unavailable").GetInt32());
        Assert.Equal([secondDown.Id, firstDown.Id, drained.Id],
            webOnly.GetProperty("non_healthy").EnumerateArray().Select(m => m.GetProperty("member_id").GetString()));
        using var foreignPool = await client.GetAsync(new Uri($"/api/v1/health?pool_id={otherPool.Id}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, foreignPool.StatusCode);
        client.Dispose();
        other.Dispose();
    }

    [Fact]
    public async Task OpenApi_DescribesTheConsoleEndpoints()
    {
        await using var server = await RunningServer.StartAsync();
        using var anonymous = server.Anonymous();

        var document = await anonymous.ApiGetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, document.Status);
        var paths = document.Body.GetProperty("paths");
        Assert.Equal("GetProjectHealth", paths.GetProperty("/api/v1/health").GetProperty("get").GetProperty("operationId").GetString());
        Assert.Equal("ListPoolMembersHealth",
            paths.GetProperty("/api/v1/pools/{id}/members/health").GetProperty("get").GetProperty("operationId").GetString());
        var schemas = document.Body.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("ProjectHealthDto").GetProperty("properties").TryGetProperty("flapping_total", out _));
        Assert.True(schemas.GetProperty("PoolMemberHealthDto").GetProperty("properties").TryGetProperty("latency_ms", out _));
        Assert.True(schemas.GetProperty("MemberHealthDto").GetProperty("properties").TryGetProperty("reason", out _));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1001")]
    [InlineData("many")]
    public async Task Overview_BadLimit_Is400NamingTheParameter(string limit)
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();

        var answer = await client.ApiGetAsync($"/api/v1/health?non_healthy_limit={limit}");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.NotEmpty(answer.ErrorsOf("non_healthy_limit"));
        client.Dispose();
    }

    [Fact]
    public async Task Overview_ThousandsOfMembers_IsExactAndOrdered()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync("big");
        var (otherId, other) = await server.CreateProjectAsync("small");
        await using var ok = FleetBackends.Ok();
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync();
        var closed = FleetBackends.ClosedPort();

        // Unchecked members (no monitor) cost no probes; the slow pool (one check per member every 50 s, spread over the
        // interval) turns its members from Initial to Unhealthy while the test runs, so those two are asserted together.
        var bare = await fleet.PoolAsync(lb, name: "bare");
        var slow = await fleet.PoolAsync(lb, name: "slow");
        await fleet.MonitorAsync(slow, FleetSeeder.Spec(HealthMonitorType.Tcp) with { Delay = 50 });
        var fast = await fleet.PoolAsync(lb, name: "fast");
        await fleet.MonitorAsync(fast, FleetSeeder.Spec(HealthMonitorType.Http));
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 1500; i++)
        {
            ids.Add((await fleet.MemberAsync(bare, 10_000 + i)).Id);
        }

        for (var i = 0; i < 1000; i++)
        {
            ids.Add((await fleet.MemberAsync(slow, closed, address: $"127.0.{i / 250}.{(i % 250) + 1}")).Id);
        }

        for (var i = 0; i < 500; i++)
        {
            ids.Add((await fleet.MemberAsync(slow, closed, weight: 0, address: $"127.1.{i / 250}.{(i % 250) + 1}")).Id);
        }

        await using var ok2 = FleetBackends.Ok();
        await using var ok3 = FleetBackends.Ok();
        var healthy = new List<string>();
        foreach (var port in new[] { ok.Port, ok2.Port, ok3.Port })
        {
            var member = await fleet.MemberAsync(fast, port);
            ids.Add(member.Id);
            healthy.Add(member.Id);
        }

        var otherFleet = new FleetSeeder(server, otherId);
        var otherPool = await otherFleet.PoolAsync(await otherFleet.LoadBalancerAsync());
        for (var i = 0; i < 20; i++)
        {
            await otherFleet.MemberAsync(otherPool, 20_000 + i);
        }

        foreach (var id in healthy)
        {
            await FleetWait.StateAsync(client, id, "Healthy");
        }

        var elapsed = Stopwatch.StartNew();
        const int Requests = 20;
        for (var i = 0; i < Requests - 1; i++)
        {
            await FleetWait.GetAsync(client, "/api/v1/health?non_healthy_limit=1000");
        }

        var overview = await FleetWait.GetAsync(client, "/api/v1/health?non_healthy_limit=1000");
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"overview of {ids.Count} members, 1000 listed: {elapsed.Elapsed.TotalMilliseconds / Requests:F2} ms a request (HTTP included)"));

        var counts = overview.GetProperty("counts");
        int Count(string state) => counts.GetProperty(state).GetInt32();
        Assert.Equal(3003, overview.GetProperty("members_total").GetInt32());
        Assert.Equal(3, Count("Healthy"));
        Assert.Equal(1500, Count("Unavailable"));
        Assert.Equal(500, Count("Unused"));
        Assert.Equal(1000, Count("Initial") + Count("Unhealthy"));
        Assert.Equal(3000, overview.GetProperty("non_healthy_total").GetInt32());
        var listed = overview.GetProperty("non_healthy").EnumerateArray().ToList();
        Assert.Equal(1000, listed.Count);
        Assert.All(listed, m => Assert.Contains(m.GetProperty("member_id").GetString()!, ids));
        Assert.Equal(listed.Count, listed.Select(m => m.GetProperty("member_id").GetString()).Distinct(StringComparer.Ordinal).Count());

        // The list is cut from the same counts: Unhealthy first, then Initial, then Unavailable; newest first within each.
        string[] order = ["Unhealthy", "Initial", "Unavailable", "Unused"];
        var expected = order.SelectMany(s => Enumerable.Repeat(s, Count(s))).Take(1000);
        Assert.Equal(expected, listed.Select(m => m.GetProperty("state").GetString()));
        for (var i = 1; i < listed.Count; i++)
        {
            if (listed[i].GetProperty("state").GetString() == listed[i - 1].GetProperty("state").GetString())
            {
                Assert.True(listed[i].GetProperty("since").GetDateTimeOffset() <= listed[i - 1].GetProperty("since").GetDateTimeOffset(), $"row {i}");
            }
        }

        Assert.All(listed.Where(m => m.GetProperty("state").GetString() == "Unhealthy"),
            m => Assert.Equal("CONNECT_FAILED", m.GetProperty("reason_code").GetString()));
        Assert.All(listed.Where(m => m.GetProperty("state").GetString() == "Unavailable"),
            m => Assert.Equal(HealthReasons.NoMonitor, m.GetProperty("reason").GetString()));
        client.Dispose();
        other.Dispose();
    }
}
