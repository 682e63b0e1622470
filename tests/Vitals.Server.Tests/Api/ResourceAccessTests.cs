using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vitals.Control.Fleet;
using Vitals.Core.Resources;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Api;

/// <summary>Credentials, change notification and the OpenAPI document of the resource API.</summary>
public sealed class ResourceAccessTests
{
    [Fact]
    public async Task XAuthToken_WorksLikeBearer()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, bearer) = await server.CreateProjectAsync();
        using var _ = bearer;
        var token = bearer.DefaultRequestHeaders.Authorization!.Parameter!;
        using var xAuth = server.Anonymous();
        xAuth.DefaultRequestHeaders.Add("X-Auth-Token", token);

        var created = await xAuth.CreateAsync("/api/v1/loadbalancers", new { name = "via-x-auth" });

        Assert.Equal("via-x-auth", (await bearer.ApiGetAsync($"/api/v1/loadbalancers/{created.Id}")).Str("name"));
    }

    [Fact]
    public async Task NoTokenOrAdminToken_IsRefused()
    {
        await using var server = await RunningServer.StartAsync();
        using var anonymous = server.Anonymous();
        using var admin = server.Admin();
        using var wrong = server.WithToken("vt_not-a-token");

        var none = await anonymous.ApiPostAsync("/api/v1/loadbalancers", new { name = "x" });
        var invalid = await wrong.ApiGetAsync("/api/v1/members");
        var adminAnswer = await admin.ApiGetAsync("/api/v1/loadbalancers");

        Assert.Equal((HttpStatusCode.Unauthorized, "application/problem+json"), (none.Status, none.MediaType));
        Assert.Equal(HttpStatusCode.Unauthorized, invalid.Status);
        Assert.Equal((HttpStatusCode.Forbidden, "application/problem+json"), (adminAnswer.Status, adminAnswer.MediaType));
    }

    [Fact]
    public async Task Changes_AreReportedToObservers_AfterCommit_AndFailuresAreNot()
    {
        var recorder = new RecordingFleetObserver();
        await using var server = await RunningServer.StartAsync(configure: services => services.AddSingleton<IFleetObserver>(recorder));
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var (lb, listener, pool) = await client.FleetAsync();
        var member = await client.CreateAsync("/api/v1/members", new { pool_id = pool, address = "10.0.0.1", protocol_port = 80 });
        var monitor = await client.CreateAsync("/api/v1/healthmonitors", new { pool_id = pool, type = "TCP", delay = 5, timeout = 3, max_retries = 3 });
        await client.ApiPutAsync($"/api/v1/members/{member.Id}", new { weight = 42 });
        await client.ApiPostAsync("/api/v1/members", new { pool_id = pool, address = "10.0.0.1", protocol_port = 80 });
        await client.ApiPutAsync($"/api/v1/members/{member.Id}", new { weight = 420 });
        await client.ApiDeleteAsync($"/api/v1/members/{member.Id}");
        await client.ApiPutAsync($"/api/v1/listeners/{listener}", new { default_pool_id = (string?)null });
        await client.ApiDeleteAsync($"/api/v1/pools/{pool}");

        var changes = recorder.Changes.Select(c => (c.Change, c.Resource.Id)).ToList();
        Assert.Equal(
        [
            ("upserted", lb), ("upserted", listener), ("upserted", pool), ("upserted", listener), ("upserted", member.Id),
            ("upserted", monitor.Id), ("upserted", member.Id), ("deleted", member.Id), ("upserted", listener), ("deleted", monitor.Id),
            ("deleted", pool),
        ], changes);
        var updated = Assert.IsType<Member>(recorder.Changes[6].Resource);
        Assert.Equal(42, updated.Weight);
        Assert.Equal(pool, Assert.IsType<Listener>(recorder.Changes[3].Resource).DefaultPoolId);
        Assert.Equal(member.Body.GetProperty("numeric_id").GetInt64(), updated.NumericId);
    }

    [Fact]
    public async Task OpenApiDocument_ListsEveryResourcePathAndOperation()
    {
        await using var server = await RunningServer.StartAsync();
        using var anonymous = server.Anonymous();

        var document = await anonymous.ApiGetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, document.Status);
        var paths = document.Body.GetProperty("paths");
        foreach (var plural in new[] { "loadbalancers", "listeners", "pools", "members", "healthmonitors", "instances", "haproxy-bindings" })
        {
            var collection = paths.GetProperty($"/api/v1/{plural}");
            Assert.True(collection.TryGetProperty("post", out var post) && post.TryGetProperty("requestBody", out _), plural);
            Assert.True(collection.TryGetProperty("get", out _), plural);
            var item = paths.GetProperty($"/api/v1/{plural}/{{id}}");
            foreach (var method in new[] { "get", "put", "delete" })
            {
                Assert.True(item.TryGetProperty(method, out var operation), $"{method} /api/v1/{plural}/{{id}}");
                Assert.False(string.IsNullOrEmpty(operation.GetProperty("operationId").GetString()));
            }
        }

        Assert.True(paths.GetProperty("/api/v1/pools/{id}/members").TryGetProperty("get", out _));
        var schemas = document.Body.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("HealthMonitorDto").GetProperty("properties").TryGetProperty("max_retries_down", out _));
        Assert.True(schemas.GetProperty("PoolDto").GetProperty("properties").TryGetProperty("healthmonitor_id", out _));
        Assert.True(schemas.GetProperty("PoolDto").GetProperty("properties").TryGetProperty("min_healthy_percent", out _));
        Assert.True(schemas.GetProperty("HaproxyBindingDto").GetProperty("properties").TryGetProperty("runtime_api", out _));
        Assert.True(schemas.GetProperty("HaproxyBindingInput").GetProperty("properties").TryGetProperty("backends", out _));
        var memberInput = schemas.GetProperty("MemberInput").GetProperty("properties");
        Assert.True(memberInput.TryGetProperty("protocol_port", out _));
        Assert.False(memberInput.TryGetProperty("fields", out _));
    }
}
