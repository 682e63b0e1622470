using System.Net;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;
using static Vitals.Server.Tests.EndToEnd.EndToEndFleet;

namespace Vitals.Server.Tests.EndToEnd;

/// <summary>"Bad input: nothing written", on a live fleet and through the REST API only.</summary>
public sealed class RejectedUpdateTests
{
    [Fact]
    public async Task UpdateMonitor_OneFieldInvalid_ChangesNeitherTheMonitorNorTheChecks()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync("e2e-bad");
        await using var okBackend = FleetBackends.Ok();
        await using var errorBackend = FleetBackends.Error500();
        var (_, listener, pool) = await client.FleetAsync("HTTP");
        var monitor = (await client.CreateAsync("/api/v1/healthmonitors", HttpMonitor(pool))).Id;
        var ok = await MemberAsync(client, pool, okBackend.Port, "ok");
        var error = await MemberAsync(client, pool, errorBackend.Port, "error");
        var okBefore = await VerdictAsync(client, ok, "Healthy", null);
        var errorBefore = await VerdictAsync(client, error, "Unhealthy", "HTTP_CODE_NOT_MATCH");
        var stored = await client.ApiGetAsync($"/api/v1/healthmonitors/{monitor}");

        // A valid change (expected_codes would make the 500 backend pass) sent with an invalid one: all is refused.
        var rejected = await client.ApiPutAsync($"/api/v1/healthmonitors/{monitor}", new { expected_codes = "200-599", timeout = 99 });

        Assert.Equal(HttpStatusCode.BadRequest, rejected.Status);
        Assert.Equal("application/problem+json", rejected.MediaType);
        Assert.NotEmpty(rejected.ErrorsOf("timeout"));
        Assert.Empty(rejected.ErrorsOf("expected_codes"));
        var after = await client.ApiGetAsync($"/api/v1/healthmonitors/{monitor}");
        Assert.Equal(stored.Text, after.Text);

        // The engine kept both checks as they were: more checks ran, on the same verdicts, counts never restarted.
        var errorAfter = await CountPastAsync(client, error, "consecutive_failures", errorBefore.GetProperty("consecutive_failures").GetInt32() + 1);
        var okAfter = await CountPastAsync(client, ok, "consecutive_passes", okBefore.GetProperty("consecutive_passes").GetInt32() + 1);
        Assert.Equal("Unhealthy", State(errorAfter));
        Assert.Equal("HTTP_CODE_NOT_MATCH", errorAfter.GetProperty("reason_code").GetString());
        Assert.Equal(SinceMs(errorBefore), SinceMs(errorAfter));
        Assert.Equal("Healthy", State(okAfter));
        Assert.Equal(SinceMs(okBefore), SinceMs(okAfter));
        var poolHealth = await ListenerPoolAsync(client, listener);
        Assert.Equal(1, poolHealth.GetProperty("counts").GetProperty("Unhealthy").GetInt32());
        Assert.Equal("HTTP_CODE_NOT_MATCH", ListedReason(poolHealth, error));

        // No transition was recorded either: the 500 member's history still holds its one verdict.
        var history = await FleetWait.GetAsync(client, $"/api/v1/members/{error}/history");
        Assert.Equal(1, history.GetProperty("transitions").GetArrayLength());
        client.Dispose();
    }
}
