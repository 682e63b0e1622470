using System.Net;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Api;

/// <summary>
/// Each class of bad input gets a 4xx problem+json naming the offending fields, and a follow-up read proves that
/// nothing was written.
/// </summary>
public sealed class ResourceBadInputTests
{
    public static TheoryData<string, string, string[]> MalformedBodies => new()
    {
        { "{not json", "application/json", ["body"] },
        { "[1, 2]", "application/json", ["body"] },
        { "\"text\"", "application/json", ["body"] },
        { "", "application/json", ["body"] },
        { "{\"pool_id\": 5, \"address\": 10, \"protocol_port\": \"80\", \"weight\": 1.5, \"admin_state_up\": \"yes\"}", "application/json",
            ["pool_id", "address", "protocol_port", "weight", "admin_state_up"] },
        { "{\"address\": null, \"protocol_port\": null, \"weight\": 99999999999}", "application/json", ["address", "protocol_port", "weight"] },
        { "{\"colour\": \"red\", \"fields\": [\"weight\"]}", "application/json", ["colour", "fields"] },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task CreateMember_MalformedOrMistyped_Is400NamingEachField(string body, string contentType, string[] fields)
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;

        var answer = await client.ApiSendAsync(HttpMethod.Post, "/api/v1/members", body, contentType);

        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
        Assert.Equal("application/problem+json", answer.MediaType);
        foreach (var field in fields)
        {
            Assert.True(answer.ErrorsOf(field).Count > 0, $"{field} not named in {answer.Text}");
        }

        Assert.Equal(0, (await client.ApiGetAsync("/api/v1/members")).Int("total_count"));
    }

    [Fact]
    public async Task Create_NotJson_Is415ProblemJson()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;

        var answer = await client.ApiSendAsync(HttpMethod.Post, "/api/v1/loadbalancers", "{\"name\": \"x\"}", "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Equal(0, (await client.ApiGetAsync("/api/v1/loadbalancers")).Int("total_count"));
    }

    [Fact]
    public async Task Create_NoBodyAtAll_Is400()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;

        var answer = await client.ApiSendAsync(HttpMethod.Post, "/api/v1/loadbalancers", null);

        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
        Assert.NotEmpty(answer.ErrorsOf("body"));
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Equal(0, (await client.ApiGetAsync("/api/v1/loadbalancers")).Int("total_count"));
    }

    [Fact]
    public async Task Create_BodyOverOneMebibyte_Is413ProblemJson()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var body = "{\"name\": \"lb\", \"description\": \"" + new string('x', (1024 * 1024) + 16) + "\"}";

        var answer = await client.ApiSendAsync(HttpMethod.Post, "/api/v1/loadbalancers", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Equal(0, (await client.ApiGetAsync("/api/v1/loadbalancers")).Int("total_count"));
    }

    [Fact]
    public async Task Create_OutOfRangeAndUnknownEnums_Is400NamingEveryField()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var (lb, _, pool) = await client.FleetAsync(protocol: "HTTP");

        var member = await client.ApiPostAsync("/api/v1/members", new { pool_id = pool, address = "10.0.0.300", protocol_port = 0, weight = 101 });
        var listener = await client.ApiPostAsync("/api/v1/listeners", new { loadbalancer_id = lb, protocol = "SCTP", protocol_port = 70000 });
        var newPool = await client.ApiPostAsync("/api/v1/pools", new { loadbalancer_id = lb, protocol = "SMTP", lb_algorithm = "RANDOM" });
        var monitor = await client.ApiPostAsync("/api/v1/healthmonitors", new
        {
            pool_id = pool, type = "PING", delay = 0, timeout = 51, max_retries = 11, max_retries_down = 0, http_method = "PUT",
            url_path = "healthz", domain_name = "-bad", monitor_port = 0,
        });
        var instance = await client.ApiPostAsync("/api/v1/instances", new
        {
            name = new string('n', 256), region = "EU WEST", address = "host.example", node_exporter_url = "ftp://x",
            maintenance_windows = new[] { new { start = "2026-05-01T04:00:00Z", end = "2026-05-01T02:00:00Z", description = "" } },
        });

        AssertFields(member, "address", "protocol_port", "weight");
        AssertFields(listener, "protocol", "protocol_port");
        Assert.Contains("TCP, UDP, TCPSSL, HTTP, HTTPS", Assert.Single(listener.ErrorsOf("protocol")), StringComparison.Ordinal);
        AssertFields(newPool, "protocol", "lb_algorithm");
        Assert.Contains("ROUND_ROBIN", Assert.Single(newPool.ErrorsOf("lb_algorithm")), StringComparison.Ordinal);
        AssertFields(monitor, "type", "delay", "timeout", "max_retries", "max_retries_down", "http_method", "url_path", "domain_name", "monitor_port");
        Assert.Equal("must be one of TCP, UDP_CONNECT, HTTP, HTTPS, TLS, GRPC (got 'PING')", Assert.Single(monitor.ErrorsOf("type")));
        AssertFields(instance, "name", "region", "address", "node_exporter_url", "maintenance_windows[0].end");
        Assert.Equal(0, (await client.ApiGetAsync("/api/v1/members")).Int("total_count"));
        Assert.Equal(1, (await client.ApiGetAsync("/api/v1/listeners")).Int("total_count"));
        Assert.Equal(1, (await client.ApiGetAsync("/api/v1/pools")).Int("total_count"));
        Assert.Equal(0, (await client.ApiGetAsync("/api/v1/healthmonitors")).Int("total_count"));
        Assert.Equal(0, (await client.ApiGetAsync("/api/v1/instances")).Int("total_count"));
    }

    [Fact]
    public async Task Create_MissingRequiredFields_Is400NamingEach()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;

        AssertFields(await client.ApiPostAsync("/api/v1/members", new { }), "pool_id", "address", "protocol_port");
        AssertFields(await client.ApiPostAsync("/api/v1/listeners", new { }), "loadbalancer_id", "protocol", "protocol_port");
        AssertFields(await client.ApiPostAsync("/api/v1/pools", new { }), "loadbalancer_id", "protocol");
        AssertFields(await client.ApiPostAsync("/api/v1/healthmonitors", new { }), "pool_id", "type", "delay", "timeout", "max_retries");
        AssertFields(await client.ApiPostAsync("/api/v1/instances", new { }), "address");
    }

    [Fact]
    public async Task Create_UnknownReferences_Is404NamingTheField()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var (lb, listener, pool) = await client.FleetAsync();

        AssertNotFound(await client.ApiPostAsync("/api/v1/members", new { pool_id = "sgp-404", address = "10.0.0.1", protocol_port = 80 }), "pool_id");
        AssertNotFound(await client.ApiPostAsync("/api/v1/members",
            new { pool_id = pool, address = "10.0.0.1", protocol_port = 80, instance_id = "i-404" }), "instance_id");
        AssertNotFound(await client.ApiPostAsync("/api/v1/listeners", new { loadbalancer_id = "lb-404", protocol = "TCP", protocol_port = 80 }),
            "loadbalancer_id");
        AssertNotFound(await client.ApiPostAsync("/api/v1/listeners",
            new { loadbalancer_id = lb, protocol = "TCP", protocol_port = 81, default_pool_id = "sgp-404" }), "default_pool_id");
        AssertNotFound(await client.ApiPostAsync("/api/v1/pools", new { loadbalancer_id = "lb-404", protocol = "TCP" }), "loadbalancer_id");
        AssertNotFound(await client.ApiPostAsync("/api/v1/pools", new { loadbalancer_id = lb, protocol = "TCP", listener_id = "lsn-404" }), "listener_id");
        AssertNotFound(await client.ApiPostAsync("/api/v1/healthmonitors",
            new { pool_id = "sgp-404", type = "TCP", delay = 5, timeout = 3, max_retries = 3 }), "pool_id");
        AssertNotFound(await client.ApiPutAsync("/api/v1/members/mbr-404", new { weight = 5 }), null);

        Assert.Equal(0, (await client.ApiGetAsync("/api/v1/members")).Int("total_count"));
        Assert.Equal(1, (await client.ApiGetAsync("/api/v1/listeners")).Int("total_count"));
        Assert.Equal(1, (await client.ApiGetAsync("/api/v1/pools")).Int("total_count"));
        Assert.Equal(0, (await client.ApiGetAsync("/api/v1/healthmonitors")).Int("total_count"));
        Assert.Equal(listener, (await client.ApiGetAsync($"/api/v1/pools/{pool}")).Str("listener_id"));
    }

    [Fact]
    public async Task Create_Duplicates_Is409NamingTheField()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        await client.CreateAsync("/api/v1/loadbalancers", new { name = "edge" });
        var (lb, listener, pool) = await client.FleetAsync(protocol: "HTTP", port: 80);
        await client.CreateAsync("/api/v1/members", new { pool_id = pool, address = "10.0.0.1", protocol_port = 80 });
        await client.CreateAsync("/api/v1/healthmonitors", new { pool_id = pool, type = "HTTP", delay = 5, timeout = 3, max_retries = 3 });
        await client.CreateAsync("/api/v1/instances", new { name = "vm", address = "10.0.0.1" });

        AssertConflict(await client.ApiPostAsync("/api/v1/loadbalancers", new { name = "edge" }), "name");
        AssertConflict(await client.ApiPostAsync("/api/v1/listeners", new { loadbalancer_id = lb, protocol = "TCP", protocol_port = 80 }), "protocol_port");
        AssertConflict(await client.ApiPostAsync("/api/v1/members", new { pool_id = pool, address = "10.0.0.1", protocol_port = 80 }), "address");
        AssertConflict(await client.ApiPostAsync("/api/v1/healthmonitors", new { pool_id = pool, type = "TCP", delay = 5, timeout = 3, max_retries = 3 }),
            "pool_id");
        AssertConflict(await client.ApiPostAsync("/api/v1/instances", new { name = "vm", address = "10.0.0.2" }), "name");
        AssertConflict(await client.ApiPostAsync("/api/v1/pools", new { loadbalancer_id = lb, protocol = "TCP", listener_id = listener }), "listener_id");

        Assert.Equal(2, (await client.ApiGetAsync("/api/v1/loadbalancers")).Int("total_count"));
        Assert.Equal(1, (await client.ApiGetAsync("/api/v1/listeners")).Int("total_count"));
        Assert.Equal(1, (await client.ApiGetAsync("/api/v1/pools")).Int("total_count"));
        Assert.Equal(1, (await client.ApiGetAsync("/api/v1/members")).Int("total_count"));
        Assert.Equal(1, (await client.ApiGetAsync("/api/v1/healthmonitors")).Int("total_count"));
        Assert.Equal(1, (await client.ApiGetAsync("/api/v1/instances")).Int("total_count"));
        Assert.Equal(pool, (await client.ApiGetAsync($"/api/v1/listeners/{listener}")).Str("default_pool_id"));
    }

    [Fact]
    public async Task Update_FixedFieldChanged_Is400NamingIt_AndKeepsTheResource()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var (lb, listener, pool) = await client.FleetAsync();
        var member = await client.CreateAsync("/api/v1/members", new { pool_id = pool, address = "10.0.0.1", protocol_port = 80 });
        var monitor = await client.CreateAsync("/api/v1/healthmonitors", new { pool_id = pool, type = "TCP", delay = 5, timeout = 3, max_retries = 3 });
        var (_, _, otherPool) = await client.FleetAsync(port: 81);
        var before = new[]
        {
            (await client.ApiGetAsync($"/api/v1/listeners/{listener}")).Text, (await client.ApiGetAsync($"/api/v1/pools/{pool}")).Text,
            member.Text, monitor.Text,
        };

        AssertFields(await client.ApiPutAsync($"/api/v1/listeners/{listener}", new { name = "x", protocol = "UDP", protocol_port = 81, loadbalancer_id = "lb-x" }),
            "protocol", "protocol_port", "loadbalancer_id");
        AssertFields(await client.ApiPutAsync($"/api/v1/pools/{pool}", new { name = "x", protocol = "HTTP" }), "protocol");
        AssertFields(await client.ApiPutAsync($"/api/v1/members/{member.Id}", new { weight = 7, address = "10.0.0.2", protocol_port = 81, pool_id = otherPool }),
            "address", "protocol_port", "pool_id");
        AssertFields(await client.ApiPutAsync($"/api/v1/healthmonitors/{monitor.Id}", new { delay = 9, pool_id = otherPool }), "pool_id");

        var after = new[]
        {
            (await client.ApiGetAsync($"/api/v1/listeners/{listener}")).Text, (await client.ApiGetAsync($"/api/v1/pools/{pool}")).Text,
            (await client.ApiGetAsync($"/api/v1/members/{member.Id}")).Text, (await client.ApiGetAsync($"/api/v1/healthmonitors/{monitor.Id}")).Text,
        };
        Assert.Equal(before, after);
        Assert.Equal(HttpStatusCode.OK, (await client.ApiPutAsync($"/api/v1/listeners/{listener}", new { protocol = "tcp", protocol_port = 80, loadbalancer_id = lb })).Status);
    }

    [Fact]
    public async Task Monitor_TypeNotAllowedForPoolProtocol_Is400_OnCreateAndOnUpdate()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var lb = await client.CreateAsync("/api/v1/loadbalancers", new { name = "lb" });
        var udpPool = await client.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb.Id, protocol = "UDP" });
        var tcpPool = await client.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb.Id, protocol = "TCP" });

        var onUdp = await client.ApiPostAsync("/api/v1/healthmonitors", new { pool_id = udpPool.Id, type = "TCP", delay = 5, timeout = 3, max_retries = 3 });
        var grpcOnTcp = await client.ApiPostAsync("/api/v1/healthmonitors", new { pool_id = tcpPool.Id, type = "GRPC", delay = 5, timeout = 3, max_retries = 3 });
        var monitor = await client.CreateAsync("/api/v1/healthmonitors", new { pool_id = tcpPool.Id, type = "HTTP", delay = 5, timeout = 3, max_retries = 3 });
        var toTls = await client.ApiPutAsync($"/api/v1/healthmonitors/{monitor.Id}", new { type = "TLS", delay = 7 });

        Assert.Equal("a pool of protocol UDP allows only UDP_CONNECT (got TCP)", Assert.Single(AssertFields(onUdp, "type").ErrorsOf("type")));
        AssertFields(grpcOnTcp, "type");
        AssertFields(toTls, "type");
        Assert.Equal(0, (await client.ApiGetAsync($"/api/v1/healthmonitors?pool_id={udpPool.Id}")).Int("total_count"));
        var kept = await client.ApiGetAsync($"/api/v1/healthmonitors/{monitor.Id}");
        Assert.Equal(("HTTP", 5), (kept.Str("type"), kept.Int("delay")));
        Assert.Equal(monitor.Text, kept.Text);
    }

    [Fact]
    public async Task Delete_InUse_Is409_AndKeepsTheResource()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var (lb, _, pool) = await client.FleetAsync();
        var instance = await client.CreateAsync("/api/v1/instances", new { address = "10.0.0.1" });
        await client.CreateAsync("/api/v1/members", new { pool_id = pool, address = "10.0.0.1", protocol_port = 80, instance_id = instance.Id });

        Assert.Equal(HttpStatusCode.Conflict, (await client.ApiDeleteAsync($"/api/v1/loadbalancers/{lb}")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await client.ApiDeleteAsync($"/api/v1/pools/{pool}")).Status);
        var refused = await client.ApiDeleteAsync($"/api/v1/instances/{instance.Id}");
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal("application/problem+json", refused.MediaType);

        Assert.Equal(HttpStatusCode.OK, (await client.ApiGetAsync($"/api/v1/loadbalancers/{lb}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.ApiGetAsync($"/api/v1/pools/{pool}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.ApiGetAsync($"/api/v1/instances/{instance.Id}")).Status);
    }

    private static ApiAnswer AssertFields(ApiAnswer answer, params string[] fields)
    {
        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
        Assert.Equal("application/problem+json", answer.MediaType);
        foreach (var field in fields)
        {
            Assert.True(answer.ErrorsOf(field).Count > 0, $"{field} not named in {answer.Text}");
        }

        return answer;
    }

    private static void AssertNotFound(ApiAnswer answer, string? field)
    {
        Assert.True(answer.Status == HttpStatusCode.NotFound, answer.ToString());
        Assert.Equal("application/problem+json", answer.MediaType);
        if (field is not null)
        {
            Assert.Equal(field, answer.Str("field"));
            Assert.NotEmpty(answer.ErrorsOf(field));
        }
    }

    private static void AssertConflict(ApiAnswer answer, string field)
    {
        Assert.True(answer.Status == HttpStatusCode.Conflict, answer.ToString());
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Equal(field, answer.Str("field"));
    }
}
