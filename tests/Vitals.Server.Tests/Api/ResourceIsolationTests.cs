using System.Net;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Api;

/// <summary>One project never sees or changes another's resources: a foreign id answers 404.</summary>
public sealed class ResourceIsolationTests
{
    [Fact]
    public async Task ForeignIds_AnswerNotFound_AndChangeNothing()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, a) = await server.CreateProjectAsync("a");
        var (_, b) = await server.CreateProjectAsync("b");
        using var _ = a;
        using var __ = b;
        var (lb, listener, pool) = await a.FleetAsync();
        var member = await a.CreateAsync("/api/v1/members", new { pool_id = pool, address = "10.0.0.1", protocol_port = 80 });
        var monitor = await a.CreateAsync("/api/v1/healthmonitors", new { pool_id = pool, type = "TCP", delay = 5, timeout = 3, max_retries = 3 });
        var instance = await a.CreateAsync("/api/v1/instances", new { name = "vm", address = "10.0.0.1" });
        var owned = new[]
        {
            ("loadbalancers", lb), ("listeners", listener), ("pools", pool), ("members", member.Id), ("healthmonitors", monitor.Id),
            ("instances", instance.Id),
        };
        var before = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, id) in owned)
        {
            before[id] = (await a.ApiGetAsync($"/api/v1/{path}/{id}")).Text;
        }

        foreach (var (path, id) in owned)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await b.ApiGetAsync($"/api/v1/{path}/{id}")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await b.ApiPutAsync($"/api/v1/{path}/{id}", new { name = "stolen" })).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await b.ApiDeleteAsync($"/api/v1/{path}/{id}")).Status);
            var list = await b.ApiGetAsync($"/api/v1/{path}");
            Assert.Equal(0, list.Int("total_count"));
            Assert.DoesNotContain(id, list.Text, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.BadRequest, (await b.ApiGetAsync($"/api/v1/{path}?marker={id}")).Status);
        }

        foreach (var (path, id) in owned)
        {
            Assert.Equal(before[id], (await a.ApiGetAsync($"/api/v1/{path}/{id}")).Text);
        }
    }

    [Fact]
    public async Task ForeignReferences_AnswerNotFoundNamingTheField_AndWriteNothing()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, a) = await server.CreateProjectAsync("a");
        var (_, b) = await server.CreateProjectAsync("b");
        using var _ = a;
        using var __ = b;
        var (lb, listener, pool) = await a.FleetAsync();
        var instance = await a.CreateAsync("/api/v1/instances", new { address = "10.0.0.1" });
        var (_, _, ownPool) = await b.FleetAsync();

        var attempts = new (string Path, object Body, string Field)[]
        {
            ("/api/v1/members", new { pool_id = pool, address = "10.0.0.1", protocol_port = 80 }, "pool_id"),
            ("/api/v1/members", new { pool_id = ownPool, address = "10.0.0.1", protocol_port = 80, instance_id = instance.Id }, "instance_id"),
            ("/api/v1/healthmonitors", new { pool_id = pool, type = "TCP", delay = 5, timeout = 3, max_retries = 3 }, "pool_id"),
            ("/api/v1/listeners", new { loadbalancer_id = lb, protocol = "TCP", protocol_port = 81 }, "loadbalancer_id"),
            ("/api/v1/pools", new { loadbalancer_id = lb, protocol = "TCP" }, "loadbalancer_id"),
        };
        foreach (var (path, body, field) in attempts)
        {
            var answer = await b.ApiPostAsync(path, body);
            Assert.True(answer.Status == HttpStatusCode.NotFound, $"POST {path}: {answer}");
            Assert.Equal("application/problem+json", answer.MediaType);
            Assert.NotEmpty(answer.ErrorsOf(field));
        }

        Assert.Equal(0, (await b.ApiGetAsync("/api/v1/members")).Int("total_count"));
        Assert.Equal(0, (await b.ApiGetAsync("/api/v1/healthmonitors")).Int("total_count"));
        Assert.Equal(1, (await b.ApiGetAsync("/api/v1/listeners")).Int("total_count"));
        Assert.Equal(1, (await b.ApiGetAsync("/api/v1/pools")).Int("total_count"));
        Assert.Equal(0, (await a.ApiGetAsync("/api/v1/members")).Int("total_count"));
        Assert.Equal(HttpStatusCode.NotFound, (await b.ApiGetAsync($"/api/v1/pools/{pool}/members")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await b.ApiPutAsync($"/api/v1/listeners/{listener}", new { default_pool_id = ownPool })).Status);
    }
}
