using System.Net;
using System.Text.Json;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Traffic;

/// <summary>A pool's <c>min_healthy_percent</c> over REST: off by default, 1 to 100, null switches it off, bad values change nothing.</summary>
public sealed class PoolMinHealthyPercentTests
{
    [Fact]
    public async Task MinHealthyPercent_SetChangedAndSwitchedOff()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var lb = await client.CreateAsync("/api/v1/loadbalancers", new { name = "a" });

        var off = await client.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb.Id, protocol = "TCP" });
        var set = await client.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb.Id, protocol = "TCP", min_healthy_percent = 50 });
        var changed = await client.ApiPutAsync($"/api/v1/pools/{set.Id}", new { min_healthy_percent = 100 });
        var renamed = await client.ApiPutAsync($"/api/v1/pools/{set.Id}", new { name = "kept" });
        var cleared = await client.ApiSendAsync(HttpMethod.Put, $"/api/v1/pools/{set.Id}", "{\"min_healthy_percent\": null}");

        Assert.Equal(JsonValueKind.Null, off.Body.GetProperty("min_healthy_percent").ValueKind);
        Assert.Equal(50, set.Int("min_healthy_percent"));
        Assert.Equal(100, changed.Int("min_healthy_percent"));
        Assert.Equal(100, renamed.Int("min_healthy_percent"));
        Assert.Equal(JsonValueKind.Null, cleared.Body.GetProperty("min_healthy_percent").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await client.ApiGetAsync($"/api/v1/pools/{set.Id}")).Body.GetProperty("min_healthy_percent").ValueKind);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("\"50\"")]
    [InlineData("true")]
    [InlineData("99999999999")]
    public async Task MinHealthyPercent_OutOfRangeOrWrongType_Is400AndChangesNothing(string value)
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var lb = await client.CreateAsync("/api/v1/loadbalancers", new { name = "a" });
        var pool = await client.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb.Id, protocol = "TCP", min_healthy_percent = 30 });

        var create = await client.ApiSendAsync(HttpMethod.Post, "/api/v1/pools",
            $"{{\"loadbalancer_id\": \"{lb.Id}\", \"protocol\": \"TCP\", \"min_healthy_percent\": {value}}}");
        var update = await client.ApiSendAsync(HttpMethod.Put, $"/api/v1/pools/{pool.Id}", $"{{\"min_healthy_percent\": {value}, \"name\": \"x\"}}");

        Assert.Equal(HttpStatusCode.BadRequest, create.Status);
        Assert.NotEmpty(create.ErrorsOf("min_healthy_percent"));
        Assert.Equal(HttpStatusCode.BadRequest, update.Status);
        Assert.NotEmpty(update.ErrorsOf("min_healthy_percent"));
        Assert.Equal(1, (await client.ApiGetAsync("/api/v1/pools")).Int("total_count"));
        Assert.Equal(pool.Text, (await client.ApiGetAsync($"/api/v1/pools/{pool.Id}")).Text);
    }
}
