using System.Net;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Api;

/// <summary>Paging by marker and filtering, for the lists of the resource API.</summary>
public sealed class ResourceListTests
{
    [Fact]
    public async Task Members_WalkedPageByPage_ReturnEachExactlyOnceInOrder()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var (_, _, pool) = await client.FleetAsync();
        var created = new List<string>();
        for (var i = 0; i < 23; i++)
        {
            created.Add((await client.CreateAsync("/api/v1/members", new { pool_id = pool, address = $"10.0.1.{i + 1}", protocol_port = 80 })).Id);
        }

        var seen = new List<string>();
        string? marker = null;
        for (var pageNumber = 0; pageNumber < 10; pageNumber++)
        {
            var page = await client.ApiGetAsync("/api/v1/members?limit=5" + (marker is null ? "" : $"&marker={marker}"));
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal(23, page.Int("total_count"));
            seen.AddRange(page.Body.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!));
            marker = page.Body.GetProperty("next_marker").GetString();
            if (marker is null)
            {
                break;
            }
        }

        Assert.Equal(created, seen);
    }

    [Fact]
    public async Task List_WithoutLimit_ReturnsAtMostOneHundredAndAMarker()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        for (var i = 0; i < 101; i++)
        {
            await client.CreateAsync("/api/v1/loadbalancers", new { name = $"lb-{i:D3}" });
        }

        var first = await client.ApiGetAsync("/api/v1/loadbalancers");

        Assert.Equal(100, first.Body.GetProperty("loadbalancers").GetArrayLength());
        var rest = await client.ApiGetAsync($"/api/v1/loadbalancers?marker={first.Str("next_marker")}");
        Assert.Equal("lb-100", Assert.Single(rest.Body.GetProperty("loadbalancers").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, rest.Body.GetProperty("next_marker").ValueKind);
    }

    [Theory]
    [InlineData("marker=mbr-00000000000000000000", "marker")]
    [InlineData("marker=", "marker")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("protocol_port=http", "protocol_port")]
    [InlineData("admin_state_up=maybe", "admin_state_up")]
    public async Task List_BadQuery_Is400NamingTheParameter(string query, string field)
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;

        var answer = await client.ApiGetAsync($"/api/v1/members?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.NotEmpty(answer.ErrorsOf(field));
    }

    [Fact]
    public async Task Members_Filtered_ReturnOnlyMatches()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var (_, _, poolA) = await client.FleetAsync(port: 80);
        var (_, _, poolB) = await client.FleetAsync(port: 81);
        var instance = await client.CreateAsync("/api/v1/instances", new { address = "10.0.0.1" });
        var a1 = await client.CreateAsync("/api/v1/members", new { pool_id = poolA, address = "10.0.0.1", protocol_port = 80, instance_id = instance.Id });
        var a2 = await client.CreateAsync("/api/v1/members", new { pool_id = poolA, address = "10.0.0.2", protocol_port = 81, admin_state_up = false });
        var b1 = await client.CreateAsync("/api/v1/members", new { pool_id = poolB, address = "10.0.0.1", protocol_port = 81, name = "b1" });

        Assert.Equal([a1.Id, a2.Id], await IdsAsync(client, $"/api/v1/members?pool_id={poolA}", "members"));
        Assert.Equal([a1.Id, b1.Id], await IdsAsync(client, "/api/v1/members?address=10.0.0.1", "members"));
        Assert.Equal([a2.Id, b1.Id], await IdsAsync(client, "/api/v1/members?protocol_port=81", "members"));
        Assert.Equal([a2.Id], await IdsAsync(client, "/api/v1/members?admin_state_up=false", "members"));
        Assert.Equal([a1.Id], await IdsAsync(client, $"/api/v1/members?instance_id={instance.Id}", "members"));
        Assert.Equal([b1.Id], await IdsAsync(client, "/api/v1/members?name=b1", "members"));
        Assert.Equal([b1.Id], await IdsAsync(client, $"/api/v1/pools/{poolB}/members", "members"));
        Assert.Equal([a2.Id], await IdsAsync(client, $"/api/v1/pools/{poolA}/members?protocol_port=81", "members"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.ApiGetAsync("/api/v1/pools/sgp-00000000000000000000/members")).Status);
    }

    [Fact]
    public async Task OtherKinds_Filtered_ReturnOnlyMatches()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var lb = await client.CreateAsync("/api/v1/loadbalancers", new { name = "a", region = "eu-west-1" });
        var lb2 = await client.CreateAsync("/api/v1/loadbalancers", new { name = "b" });
        var tcp = await client.CreateAsync("/api/v1/listeners", new { loadbalancer_id = lb.Id, protocol = "TCP", protocol_port = 80 });
        var udp = await client.CreateAsync("/api/v1/listeners", new { loadbalancer_id = lb.Id, protocol = "UDP", protocol_port = 53 });
        var other = await client.CreateAsync("/api/v1/listeners", new { loadbalancer_id = lb2.Id, protocol = "TCP", protocol_port = 80 });
        var udpPool = await client.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb.Id, listener_id = udp.Id, protocol = "UDP" });
        var tcpPool = await client.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb.Id, protocol = "TCP" });
        var udpMonitor = await client.CreateAsync("/api/v1/healthmonitors",
            new { pool_id = udpPool.Id, type = "UDP_CONNECT", delay = 5, timeout = 3, max_retries = 3 });
        var tcpMonitor = await client.CreateAsync("/api/v1/healthmonitors", new { pool_id = tcpPool.Id, type = "tcp", delay = 5, timeout = 3, max_retries = 3 });
        var vm1 = await client.CreateAsync("/api/v1/instances", new { address = "10.0.0.1", region = "eu-west-1" });
        await client.CreateAsync("/api/v1/instances", new { address = "10.0.0.2" });

        Assert.Equal([lb.Id], await IdsAsync(client, "/api/v1/loadbalancers?region=eu-west-1", "loadbalancers"));
        Assert.Equal([lb2.Id], await IdsAsync(client, "/api/v1/loadbalancers?name=b", "loadbalancers"));
        Assert.Equal([tcp.Id, other.Id], await IdsAsync(client, "/api/v1/listeners?protocol=tcp&protocol_port=80", "listeners"));
        Assert.Equal([tcp.Id, udp.Id], await IdsAsync(client, $"/api/v1/listeners?loadbalancer_id={lb.Id}", "listeners"));
        Assert.Equal([udp.Id], await IdsAsync(client, $"/api/v1/listeners?default_pool_id={udpPool.Id}", "listeners"));
        Assert.Equal([udpPool.Id], await IdsAsync(client, "/api/v1/pools?protocol=UDP", "pools"));
        Assert.Equal([udpPool.Id], await IdsAsync(client, $"/api/v1/pools?listener_id={udp.Id}", "pools"));
        Assert.Equal([], await IdsAsync(client, $"/api/v1/pools?listener_id={tcp.Id}", "pools"));
        Assert.Equal([udpPool.Id, tcpPool.Id], await IdsAsync(client, $"/api/v1/pools?loadbalancer_id={lb.Id}", "pools"));
        Assert.Equal([udpMonitor.Id], await IdsAsync(client, "/api/v1/healthmonitors?type=udp_connect", "healthmonitors"));
        Assert.Equal([tcpMonitor.Id], await IdsAsync(client, $"/api/v1/healthmonitors?pool_id={tcpPool.Id}", "healthmonitors"));
        Assert.Equal([vm1.Id], await IdsAsync(client, "/api/v1/instances?region=eu-west-1", "instances"));
        Assert.Equal([vm1.Id], await IdsAsync(client, "/api/v1/instances?address=10.0.0.1", "instances"));
        Assert.Equal([tcp.Id, udp.Id], await IdsAsync(client, $"/api/v1/listeners?id={tcp.Id}&id={udp.Id}", "listeners"));
        var unknownType = await client.ApiGetAsync("/api/v1/healthmonitors?type=PING");
        Assert.Equal(HttpStatusCode.BadRequest, unknownType.Status);
        Assert.Contains("UDP_CONNECT", Assert.Single(unknownType.ErrorsOf("type")), StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<string>> IdsAsync(HttpClient client, string path, string plural)
    {
        var answer = await client.ApiGetAsync(path);
        Assert.True(answer.Status == HttpStatusCode.OK, $"GET {path}: {answer}");
        return [.. answer.Body.GetProperty(plural).EnumerateArray().Select(e => e.GetProperty("id").GetString()!)];
    }
}
