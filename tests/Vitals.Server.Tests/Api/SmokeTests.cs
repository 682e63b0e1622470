using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Api;

public sealed class SmokeTests
{
    [Fact]
    public async Task Smoke()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        var (lb, listener, pool) = await client.FleetAsync();
        var m = await client.ApiPostAsync("/api/v1/members", new { pool_id = pool, address = "10.0.0.1", protocol_port = 80 });
        await File.AppendAllTextAsync("/tmp/smoke.txt", "\n" + m, TestContext.Current.CancellationToken);
        await File.AppendAllTextAsync("/tmp/smoke.txt", "\n" + await client.ApiGetAsync($"/api/v1/pools/{pool}"), TestContext.Current.CancellationToken);
        await File.AppendAllTextAsync("/tmp/smoke.txt", "\n" + await client.ApiSendAsync(HttpMethod.Post, "/api/v1/members", "{\"pool_id\": 5, \"weight\": \"x\", \"colour\": 1, \"address\": null}"), TestContext.Current.CancellationToken);
        await File.AppendAllTextAsync("/tmp/smoke.txt", "\n" + await client.ApiSendAsync(HttpMethod.Post, "/api/v1/members", "{not json"), TestContext.Current.CancellationToken);
        await File.AppendAllTextAsync("/tmp/smoke.txt", "\n" + await client.ApiSendAsync(HttpMethod.Post, "/api/v1/members", "{}", "text/plain"), TestContext.Current.CancellationToken);
        await File.AppendAllTextAsync("/tmp/smoke.txt", "\n" + await client.ApiSendAsync(HttpMethod.Post, "/api/v1/members", "{\"name\":\"" + new string('x', 2 * 1024 * 1024) + "\"}"), TestContext.Current.CancellationToken);
        await File.AppendAllTextAsync("/tmp/smoke.txt", "\n" + await client.ApiPostAsync("/api/v1/healthmonitors", new { pool_id = pool, type = "UDP_CONNECT", delay = 5, timeout = 3, max_retries = 3 }), TestContext.Current.CancellationToken);
        await File.AppendAllTextAsync("/tmp/smoke.txt", "\n" + await client.ApiPostAsync("/api/v1/instances", new { name = "a", address = "10.0.0.9", maintenance_windows = new object[] { new { start = "2026-01-01T00:00:00Z", end = "bad" }, new { start = "2026-01-01T00:00:00Z", end = "2025-01-01T00:00:00Z", x = 1 } } }), TestContext.Current.CancellationToken);
        await File.AppendAllTextAsync("/tmp/smoke.txt", "\n" + await client.ApiGetAsync("/api/v1/members?limit=0&protocol_port=x&admin_state_up=maybe"), TestContext.Current.CancellationToken);
        await File.AppendAllTextAsync("/tmp/smoke.txt", "\n" + await client.ApiGetAsync("/api/v1/members?limit=1"), TestContext.Current.CancellationToken);
        using var anon = server.Anonymous();
        var doc = await anon.ApiGetAsync("/openapi/v1.json");
        await File.AppendAllTextAsync("/tmp/smoke.txt", "\n" + doc.Text[..Math.Min(3000, doc.Text.Length)], TestContext.Current.CancellationToken);
        client.Dispose();
    }
}
