using System.Net;
using System.Text.Json;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Dialects.Huawei;

/// <summary>Health monitor create/show/update/delete, its rules and error codes, through the spec-built client.</summary>
public sealed class HuaweiHealthMonitorApiTests
{
    private const string ProjectA = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private const string ProjectB = "f9e8d7c6b5a4938271605f4e3d2c1b0a";

    private static async Task<(RunningServer Server, HuaweiElbClient Client, string HttpPool, string UdpPool)> StartAsync()
    {
        var server = await RunningServer.StartAsync();
        var client = await HuaweiTestProject.CreateAsync(server, ProjectA);
        var lb = await HuaweiTestProject.LoadBalancerAsync(server, ProjectA);
        var http = await client.CreatePoolAsync(new { loadbalancer_id = lb, protocol = "HTTP", lb_algorithm = "ROUND_ROBIN", name = "web" });
        Assert.True(http.Status == HttpStatusCode.Created, http.ToString());
        var udp = await client.CreatePoolAsync(new { loadbalancer_id = lb, protocol = "UDP", lb_algorithm = "ROUND_ROBIN" });
        Assert.Equal(HttpStatusCode.Created, udp.Status);
        return (server, client, Id(http, "pool"), Id(udp, "pool"));
    }

    private static string Id(HuaweiAnswer answer, string wrapper) => answer.Body.GetProperty(wrapper).GetProperty("id").GetString()!;

    [Fact]
    public async Task Create_SpecExampleRequest_201WithEveryField()
    {
        var (server, client, pool, _) = await StartAsync();
        await using var _server = server;
        using var _client = client;

        var created = await client.CreateHealthMonitorAsync(new
        {
            pool_id = pool, type = "HTTP", delay = 5, timeout = 3, max_retries = 3, max_retries_down = 2, url_path = "/healthz",
            expected_codes = "200-299", http_method = "GET", domain_name = "app.example.com", name = "web-hc",
        });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var hm = created.Body.GetProperty("healthmonitor");
        Assert.Equal(created.RequestIdHeader, created.Body.GetProperty("request_id").GetString());
        Assert.Equal("HTTP", hm.GetProperty("type").GetString());
        Assert.Equal(2, hm.GetProperty("max_retries_down").GetInt32());
        Assert.Equal(JsonValueKind.Null, hm.GetProperty("monitor_port").ValueKind);
        Assert.Equal("200-299", hm.GetProperty("expected_codes").GetString());
        Assert.Equal("app.example.com", hm.GetProperty("domain_name").GetString());
        Assert.True(hm.GetProperty("admin_state_up").GetBoolean());
        Assert.Equal(pool, hm.GetProperty("pools")[0].GetProperty("id").GetString());
        Assert.Equal(ProjectA, hm.GetProperty("project_id").GetString());

        var shown = await client.ShowHealthMonitorAsync(hm.GetProperty("id").GetString()!);
        Assert.Equal(HttpStatusCode.OK, shown.Status);
        Assert.Equal(hm.GetRawText(), shown.Body.GetProperty("healthmonitor").GetRawText());
        var poolShown = await client.ShowPoolAsync(pool);
        Assert.Equal(hm.GetProperty("id").GetString(), poolShown.Body.GetProperty("pool").GetProperty("healthmonitor_id").GetString());
    }

    [Fact]
    public async Task Create_Defaults_AsTheSpecSays()
    {
        var (server, client, pool, udpPool) = await StartAsync();
        await using var _server = server;
        using var _client = client;

        var http = (await client.CreateHealthMonitorAsync(new { pool_id = pool, type = "GRPC", delay = 5, timeout = 3, max_retries = 2 }))
            .Body.GetProperty("healthmonitor");
        var udp = (await client.CreateHealthMonitorAsync(new { pool_id = udpPool, type = "UDP_CONNECT", delay = 5, timeout = 3, max_retries = 2 }))
            .Body.GetProperty("healthmonitor");

        Assert.Equal("0", http.GetProperty("expected_codes").GetString());
        Assert.Equal(3, http.GetProperty("max_retries_down").GetInt32());
        Assert.Equal("", http.GetProperty("name").GetString());
        Assert.Equal("/", http.GetProperty("url_path").GetString());
        Assert.Equal(JsonValueKind.Null, http.GetProperty("domain_name").ValueKind);
        Assert.Equal(JsonValueKind.Null, udp.GetProperty("expected_codes").ValueKind);
        Assert.Equal(JsonValueKind.Null, udp.GetProperty("http_method").ValueKind);
    }

    [Theory]
    [InlineData("""{"healthmonitor":{"pool_id":"POOL","type":"HTTP","delay":0,"timeout":3,"max_retries":3}}""", "delay. Value: 0.")]
    [InlineData("""{"healthmonitor":{"pool_id":"POOL","type":"HTTP","delay":51,"timeout":3,"max_retries":3}}""", "delay. Value: 51.")]
    [InlineData("""{"healthmonitor":{"pool_id":"POOL","type":"HTTP","delay":"10","timeout":3,"max_retries":3}}""", "must be an integer")]
    [InlineData("""{"healthmonitor":{"pool_id":"POOL","type":"HTTP","delay":5,"timeout":3,"max_retries":11}}""", "max_retries")]
    [InlineData("""{"healthmonitor":{"pool_id":"POOL","type":"HTTP","delay":5,"timeout":3,"max_retries":3,"max_retries_down":0}}""", "max_retries_down")]
    [InlineData("""{"healthmonitor":{"pool_id":"POOL","type":"HTTP","delay":5,"timeout":3,"max_retries":3,"monitor_port":65536}}""", "monitor_port")]
    [InlineData("""{"healthmonitor":{"pool_id":"POOL","type":"HTTP","delay":5,"timeout":3,"max_retries":3,"url_path":"healthz"}}""", "url_path")]
    [InlineData("""{"healthmonitor":{"pool_id":"POOL","type":"HTTP","delay":5,"timeout":3,"max_retries":3,"expected_codes":"299-200"}}""", "expected_codes")]
    [InlineData("""{"healthmonitor":{"pool_id":"POOL","type":"HTTP","delay":5,"timeout":3,"max_retries":3,"http_method":"PUT"}}""", "http_method")]
    [InlineData("""{"healthmonitor":{"pool_id":"POOL","type":"HTTP","delay":5,"timeout":3,"max_retries":3,"domain_name":"-bad"}}""", "domain_name")]
    [InlineData("""{"healthmonitor":{"pool_id":"POOL","type":"PING","delay":5,"timeout":3,"max_retries":3}}""", "type")]
    [InlineData("""{"healthmonitor":{"pool_id":"POOL","type":"HTTP","delay":5,"timeout":3}}""", "max_retries")]
    [InlineData("""{"healthmonitor":{"pool_id":"POOL","type":"HTTP","delay":5,"timeout":3,"max_retries":3,"http_version":"1.1"}}""", "unknown field")]
    [InlineData("""{"healthmonitor":{"pool_id":"POOL","type":"HTTP","delay":5,"timeout":3,"max_retries":3,"project_id":"other"}}""", "project_id")]
    [InlineData("""{"healthmonitor":{"pool_id":"POOL","type":"HTTP","delay":5,"timeout":3,"max_retries":3},"extra":1}""", "extra")]
    [InlineData("""{"healthmonitor":{"pool_id":"POOL","type":"HTTP","delay":5,"timeout":3,"max_retries":3""", "not valid JSON")]
    [InlineData("""{"healthmonitor":{"type":"HTTP","delay":5,"timeout":3,"max_retries":3}}""", "pool_id")]
    public async Task Create_BadInput_400Elb8902AndNothingStored(string body, string expected)
    {
        var (server, client, pool, _) = await StartAsync();
        await using var _server = server;
        using var _client = client;

        var answer = await client.SendRawAsync(HttpMethod.Post, "healthmonitors", body.Replace("POOL", pool, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("ELB.8902", answer.ErrorCode);
        Assert.Contains(expected, answer.ErrorMsg, StringComparison.Ordinal);
        Assert.Equal(["error_code", "error_msg", "request_id"], answer.Body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var list = await client.ListHealthMonitorsAsync();
        Assert.Equal(0, list.Body.GetProperty("page_info").GetProperty("current_count").GetInt32());
    }

    [Theory]
    [InlineData("UDP", "HTTP", false)]
    [InlineData("UDP", "UDP_CONNECT", true)]
    [InlineData("TCP", "GRPC", false)]
    [InlineData("TCP", "HTTPS", true)]
    [InlineData("IP", "TLS", false)]
    [InlineData("HTTP", "UDP_CONNECT", false)]
    [InlineData("GRPC", "GRPC", true)]
    [InlineData("TLS", "TCP", true)]
    public async Task Create_PoolProtocolTypeMatrix_Enforced(string protocol, string type, bool allowed)
    {
        var (server, client, _, _) = await StartAsync();
        await using var _server = server;
        using var _client = client;
        var lb = await HuaweiTestProject.LoadBalancerAsync(server, ProjectA, "m");
        var pool = Id(await client.CreatePoolAsync(new { loadbalancer_id = lb, protocol, lb_algorithm = "ROUND_ROBIN" }), "pool");

        var answer = await client.CreateHealthMonitorAsync(new { pool_id = pool, type, delay = 5, timeout = 3, max_retries = 3 });

        Assert.Equal(allowed ? HttpStatusCode.Created : HttpStatusCode.BadRequest, answer.Status);
        if (!allowed)
        {
            Assert.Equal("ELB.8902", answer.ErrorCode);
            Assert.Contains("type", answer.ErrorMsg, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Create_SecondMonitorOnPool_409AndUnknownPool_404()
    {
        var (server, client, pool, _) = await StartAsync();
        await using var _server = server;
        using var _client = client;
        Assert.Equal(HttpStatusCode.Created, (await client.CreateHealthMonitorAsync(new { pool_id = pool, type = "TCP", delay = 5, timeout = 3, max_retries = 3 })).Status);

        var second = await client.CreateHealthMonitorAsync(new { pool_id = pool, type = "TCP", delay = 5, timeout = 3, max_retries = 3 });
        var unknown = await client.CreateHealthMonitorAsync(new { pool_id = "no-such-pool", type = "TCP", delay = 5, timeout = 3, max_retries = 3 });

        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.Equal("ELB.8907", second.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("ELB.8904", unknown.ErrorCode);
    }

    [Fact]
    public async Task Update_SubsetNullsAndFixedFields()
    {
        var (server, client, pool, _) = await StartAsync();
        await using var _server = server;
        using var _client = client;
        var id = Id(await client.CreateHealthMonitorAsync(new
        {
            pool_id = pool, type = "HTTP", delay = 5, timeout = 3, max_retries = 3, monitor_port = 8080, domain_name = "a.example.com",
        }), "healthmonitor");

        var updated = await client.SendRawAsync(HttpMethod.Put, $"healthmonitors/{id}",
            """{"healthmonitor":{"name":"renamed","monitor_port":null,"domain_name":null,"delay":7,"type":"TCP"}}""");
        var emptyDomain = await client.UpdateHealthMonitorAsync(id, new { domain_name = "" });
        var otherPool = await client.UpdateHealthMonitorAsync(id, new { pool_id = "another" });
        var nullDelay = await client.SendRawAsync(HttpMethod.Put, $"healthmonitors/{id}", """{"healthmonitor":{"delay":null}}""");
        var grpcOnHttp = await client.UpdateHealthMonitorAsync(id, new { type = "UDP_CONNECT" });

        Assert.Equal(HttpStatusCode.OK, updated.Status);
        var hm = updated.Body.GetProperty("healthmonitor");
        Assert.Equal("renamed", hm.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, hm.GetProperty("monitor_port").ValueKind);
        Assert.Equal(JsonValueKind.Null, hm.GetProperty("domain_name").ValueKind);
        Assert.Equal(7, hm.GetProperty("delay").GetInt32());
        Assert.Equal("TCP", hm.GetProperty("type").GetString());
        Assert.All([emptyDomain, otherPool, nullDelay, grpcOnHttp], a => Assert.Equal("ELB.8902", a.ErrorCode));
        var shown = (await client.ShowHealthMonitorAsync(id)).Body.GetProperty("healthmonitor");
        Assert.Equal("TCP", shown.GetProperty("type").GetString());
        Assert.Equal(7, shown.GetProperty("delay").GetInt32());
    }

    [Fact]
    public async Task Delete_204ThenGone_AndPoolLosesItsMonitor()
    {
        var (server, client, pool, _) = await StartAsync();
        await using var _server = server;
        using var _client = client;
        var id = Id(await client.CreateHealthMonitorAsync(new { pool_id = pool, type = "TCP", delay = 5, timeout = 3, max_retries = 3 }), "healthmonitor");

        var deleted = await client.DeleteHealthMonitorAsync(id);
        var again = await client.DeleteHealthMonitorAsync(id);
        var shown = await client.ShowHealthMonitorAsync(id);

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal("", deleted.Text);
        Assert.Equal("ELB.8904", again.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, shown.Status);
        Assert.Equal("ELB.8904", shown.ErrorCode);
        Assert.Equal("", (await client.ShowPoolAsync(pool)).Body.GetProperty("pool").GetProperty("healthmonitor_id").GetString());
    }

    [Fact]
    public async Task Auth_MissingBadOrForeignToken_HuaweiCodes_AndNoCrossProjectAccess()
    {
        var (server, client, pool, _) = await StartAsync();
        await using var _server = server;
        using var _client = client;
        using var other = await HuaweiTestProject.CreateAsync(server, ProjectB);
        var id = Id(await client.CreateHealthMonitorAsync(new { pool_id = pool, type = "TCP", delay = 5, timeout = 3, max_retries = 3 }), "healthmonitor");
        using var anonymous = new HuaweiElbClient(server.BaseAddress, null, ProjectA);
        using var wrongToken = new HuaweiElbClient(server.BaseAddress, "nope", ProjectA);
        using var otherTokenOnA = new HuaweiElbClient(server.BaseAddress, "hw-token-" + ProjectB, ProjectA);

        var missing = await anonymous.ListHealthMonitorsAsync();
        var bad = await wrongToken.ListHealthMonitorsAsync();
        var foreignPath = await otherTokenOnA.ShowHealthMonitorAsync(id);
        var foreignId = await other.ShowHealthMonitorAsync(id);
        var foreignPool = await other.CreateHealthMonitorAsync(new { pool_id = pool, type = "TCP", delay = 5, timeout = 3, max_retries = 3 });
        var foreignDelete = await other.DeleteHealthMonitorAsync(id);
        var otherList = await other.ListHealthMonitorsAsync();

        Assert.Equal((HttpStatusCode.Unauthorized, "APIGW.0301"), (missing.Status, missing.ErrorCode));
        Assert.Equal((HttpStatusCode.Unauthorized, "APIGW.0301"), (bad.Status, bad.ErrorCode));
        Assert.Equal((HttpStatusCode.Forbidden, "ELB.8903"), (foreignPath.Status, foreignPath.ErrorCode));
        Assert.Equal((HttpStatusCode.NotFound, "ELB.8904"), (foreignId.Status, foreignId.ErrorCode));
        Assert.Equal((HttpStatusCode.NotFound, "ELB.8904"), (foreignPool.Status, foreignPool.ErrorCode));
        Assert.Equal((HttpStatusCode.NotFound, "ELB.8904"), (foreignDelete.Status, foreignDelete.ErrorCode));
        Assert.Equal(0, otherList.Body.GetProperty("healthmonitors").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await client.ShowHealthMonitorAsync(id)).Status);
    }
}
