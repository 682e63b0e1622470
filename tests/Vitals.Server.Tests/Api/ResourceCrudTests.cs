using System.Net;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Api;

/// <summary>Create, read, update, list and delete of every kind, with every field, against a running server.</summary>
public sealed class ResourceCrudTests
{
    [Fact]
    public async Task LoadBalancer_RoundTrip_KeepsEveryField()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        using var _ = client;

        var created = await client.CreateAsync("/api/v1/loadbalancers", new { name = "edge", description = "front door", region = "eu-west-1" });

        Assert.StartsWith("lb-", created.Id, StringComparison.Ordinal);
        Assert.True(created.Body.GetProperty("numeric_id").GetInt64() > 0);
        Assert.Equal(projectId, created.Str("project_id"));
        var read = await client.ApiGetAsync($"/api/v1/loadbalancers/{created.Id}");
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(("edge", "front door", "eu-west-1"), (read.Str("name"), read.Str("description"), read.Str("region")));
        Assert.Equal(created.Str("created_at"), read.Str("created_at"));

        var updated = await client.ApiPutAsync($"/api/v1/loadbalancers/{created.Id}", new { description = "new door" });
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal(("edge", "new door", "eu-west-1"), (updated.Str("name"), updated.Str("description"), updated.Str("region")));

        var deleted = await client.ApiDeleteAsync($"/api/v1/loadbalancers/{created.Id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ApiGetAsync($"/api/v1/loadbalancers/{created.Id}")).Status);
    }

    [Fact]
    public async Task Listener_RoundTrip_KeepsEveryFieldAndAttachesADefaultPool()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var lb = await client.CreateAsync("/api/v1/loadbalancers", new { name = "lb" });
        var pool = await client.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb.Id, protocol = "HTTP" });

        var created = await client.CreateAsync("/api/v1/listeners",
            new { name = "web", loadbalancer_id = lb.Id, protocol = "tcpssl", protocol_port = 8443, admin_state_up = false });

        Assert.StartsWith("lsn-", created.Id, StringComparison.Ordinal);
        Assert.Equal("TCPSSL", created.Str("protocol"));
        Assert.Equal(8443, created.Int("protocol_port"));
        Assert.False(created.Body.GetProperty("admin_state_up").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, created.Body.GetProperty("default_pool_id").ValueKind);

        var updated = await client.ApiPutAsync($"/api/v1/listeners/{created.Id}", new { default_pool_id = pool.Id, admin_state_up = true });
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal(pool.Id, updated.Str("default_pool_id"));
        Assert.Equal("web", updated.Str("name"));
        Assert.Equal(created.Id, (await client.ApiGetAsync($"/api/v1/pools/{pool.Id}")).Str("listener_id"));

        var detached = await client.ApiSendAsync(HttpMethod.Put, $"/api/v1/listeners/{created.Id}", "{\"default_pool_id\": null}");
        Assert.Equal(HttpStatusCode.OK, detached.Status);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, detached.Body.GetProperty("default_pool_id").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent, (await client.ApiDeleteAsync($"/api/v1/listeners/{created.Id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ApiGetAsync($"/api/v1/listeners/{created.Id}")).Status);
    }

    [Fact]
    public async Task Pool_CreatedOnAListener_ShowsListenerAndMonitorAndDeletesWithItsMonitor()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var lb = await client.CreateAsync("/api/v1/loadbalancers", new { name = "lb" });
        var listener = await client.CreateAsync("/api/v1/listeners", new { loadbalancer_id = lb.Id, protocol = "HTTP", protocol_port = 80 });

        var pool = await client.CreateAsync("/api/v1/pools", new
        {
            name = "web", loadbalancer_id = lb.Id, listener_id = listener.Id, protocol = "HTTP", lb_algorithm = "least_connections",
            admin_state_up = true,
        });

        Assert.StartsWith("sgp-", pool.Id, StringComparison.Ordinal);
        Assert.Equal((listener.Id, "HTTP", "LEAST_CONNECTIONS"), (pool.Str("listener_id"), pool.Str("protocol"), pool.Str("lb_algorithm")));
        Assert.Equal(pool.Id, (await client.ApiGetAsync($"/api/v1/listeners/{listener.Id}")).Str("default_pool_id"));
        var monitor = await client.CreateAsync("/api/v1/healthmonitors", new { pool_id = pool.Id, type = "HTTP", delay = 5, timeout = 3, max_retries = 2 });
        Assert.Equal(monitor.Id, (await client.ApiGetAsync($"/api/v1/pools/{pool.Id}")).Str("healthmonitor_id"));

        var updated = await client.ApiPutAsync($"/api/v1/pools/{pool.Id}", new { name = "web-2", lb_algorithm = "SOURCE_IP", admin_state_up = false });
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal(("web-2", "SOURCE_IP", monitor.Id, listener.Id),
            (updated.Str("name"), updated.Str("lb_algorithm"), updated.Str("healthmonitor_id"), updated.Str("listener_id")));

        var refused = await client.ApiDeleteAsync($"/api/v1/pools/{pool.Id}");
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal(HttpStatusCode.OK, (await client.ApiGetAsync($"/api/v1/pools/{pool.Id}")).Status);

        await client.ApiSendAsync(HttpMethod.Put, $"/api/v1/listeners/{listener.Id}", "{\"default_pool_id\": null}");
        Assert.Equal(HttpStatusCode.NoContent, (await client.ApiDeleteAsync($"/api/v1/pools/{pool.Id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ApiGetAsync($"/api/v1/pools/{pool.Id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ApiGetAsync($"/api/v1/healthmonitors/{monitor.Id}")).Status);
    }

    [Fact]
    public async Task Member_RoundTrip_KeepsEveryFieldAndCanBindAnInstance()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var (_, _, pool) = await client.FleetAsync();
        var instance = await client.CreateAsync("/api/v1/instances", new { name = "vm-1", address = "10.0.0.5" });

        var created = await client.CreateAsync("/api/v1/members", new
        {
            name = "m1", pool_id = pool, address = "2001:db8:0:0::7", protocol_port = 8080, weight = 0, admin_state_up = false,
            instance_id = instance.Id,
        });

        Assert.StartsWith("mbr-", created.Id, StringComparison.Ordinal);
        Assert.Equal(("m1", pool, "2001:db8::7", instance.Id), (created.Str("name"), created.Str("pool_id"), created.Str("address"), created.Str("instance_id")));
        Assert.Equal((8080, 0), (created.Int("protocol_port"), created.Int("weight")));
        Assert.False(created.Body.GetProperty("admin_state_up").GetBoolean());

        var updated = await client.ApiPutAsync($"/api/v1/members/{created.Id}", new { weight = 100, admin_state_up = true, address = "2001:DB8::7" });
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal((100, instance.Id), (updated.Int("weight"), updated.Str("instance_id")));
        Assert.True(updated.Body.GetProperty("admin_state_up").GetBoolean());

        var unbound = await client.ApiSendAsync(HttpMethod.Put, $"/api/v1/members/{created.Id}", "{\"instance_id\": null}");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, unbound.Body.GetProperty("instance_id").ValueKind);
        Assert.Equal(100, unbound.Int("weight"));

        var defaults = await client.CreateAsync("/api/v1/members", new { pool_id = pool, address = "10.0.0.8", protocol_port = 80 });
        Assert.Equal(1, defaults.Int("weight"));
        Assert.True(defaults.Body.GetProperty("admin_state_up").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await client.ApiDeleteAsync($"/api/v1/members/{created.Id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ApiGetAsync($"/api/v1/members/{created.Id}")).Status);
    }

    [Fact]
    public async Task HealthMonitor_RoundTrip_KeepsEveryFieldAndResetsOnNull()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var (_, _, pool) = await client.FleetAsync(protocol: "HTTP");

        var created = await client.CreateAsync("/api/v1/healthmonitors", new
        {
            name = "web-hc", pool_id = pool, type = "HTTP", delay = 5, timeout = 3, max_retries = 3, max_retries_down = 2,
            expected_codes = "200-299, 301", url_path = "/healthz", http_method = "head", domain_name = "app.example.com", monitor_port = 8081,
            admin_state_up = false,
        });

        Assert.StartsWith("hm-", created.Id, StringComparison.Ordinal);
        Assert.Equal(("web-hc", pool, "HTTP", "200-299,301"), (created.Str("name"), created.Str("pool_id"), created.Str("type"), created.Str("expected_codes")));
        Assert.Equal((5, 3, 3, 2, 8081), (created.Int("delay"), created.Int("timeout"), created.Int("max_retries"), created.Int("max_retries_down"),
            created.Int("monitor_port")));
        Assert.Equal(("/healthz", "HEAD", "app.example.com"), (created.Str("url_path"), created.Str("http_method"), created.Str("domain_name")));
        Assert.False(created.Body.GetProperty("admin_state_up").GetBoolean());
        Assert.Equal(created.Text, (await client.ApiGetAsync($"/api/v1/healthmonitors/{created.Id}")).Text);

        var updated = await client.ApiSendAsync(HttpMethod.Put, $"/api/v1/healthmonitors/{created.Id}",
            "{\"delay\": 10, \"domain_name\": null, \"monitor_port\": null, \"type\": \"GRPC\"}");

        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal((10, "GRPC", "0"), (updated.Int("delay"), updated.Str("type"), updated.Str("expected_codes")));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, updated.Body.GetProperty("domain_name").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, updated.Body.GetProperty("monitor_port").ValueKind);
        Assert.Equal(("/healthz", 3, "web-hc"), (updated.Str("url_path"), updated.Int("timeout"), updated.Str("name")));

        Assert.Equal(HttpStatusCode.NoContent, (await client.ApiDeleteAsync($"/api/v1/healthmonitors/{created.Id}")).Status);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await client.ApiGetAsync($"/api/v1/pools/{pool}")).Body.GetProperty("healthmonitor_id").ValueKind);
    }

    [Fact]
    public async Task Instance_RoundTrip_KeepsEveryFieldAndWindows()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;

        var created = await client.CreateAsync("/api/v1/instances", new
        {
            name = "vm-1", region = "cn-hangzhou", address = "10.0.0.5", node_exporter_url = "http://10.0.0.5:9100/metrics",
            maintenance_windows = new[] { new { start = "2026-05-01T02:00:00Z", end = "2026-05-01T04:00:00Z", description = "kernel" } },
        });

        Assert.StartsWith("i-", created.Id, StringComparison.Ordinal);
        Assert.Equal(("vm-1", "cn-hangzhou", "10.0.0.5", "http://10.0.0.5:9100/metrics"),
            (created.Str("name"), created.Str("region"), created.Str("address"), created.Str("node_exporter_url")));
        var window = Assert.Single(created.Body.GetProperty("maintenance_windows").EnumerateArray());
        Assert.Equal(DateTimeOffset.Parse("2026-05-01T02:00:00Z"), window.GetProperty("start").GetDateTimeOffset());
        Assert.Equal(DateTimeOffset.Parse("2026-05-01T04:00:00Z"), window.GetProperty("end").GetDateTimeOffset());
        Assert.Equal("kernel", window.GetProperty("description").GetString());

        var updated = await client.ApiSendAsync(HttpMethod.Put, $"/api/v1/instances/{created.Id}",
            "{\"address\": \"10.0.0.6\", \"node_exporter_url\": null, \"maintenance_windows\": []}");
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal(("vm-1", "10.0.0.6"), (updated.Str("name"), updated.Str("address")));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, updated.Body.GetProperty("node_exporter_url").ValueKind);
        Assert.Equal(0, updated.Body.GetProperty("maintenance_windows").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await client.ApiDeleteAsync($"/api/v1/instances/{created.Id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ApiGetAsync($"/api/v1/instances/{created.Id}")).Status);
    }
}
