using System.Net;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;
using static Vitals.Server.Tests.EndToEnd.EndToEndFleet;

namespace Vitals.Server.Tests.EndToEnd;

/// <summary>
/// The whole control plane through its public REST API only, on a real server (Kestrel on 127.0.0.1, a real SQLite
/// file) checking real loopback backends: create, watch verdicts, change, delete, restart, find everything back.
/// </summary>
public sealed class FleetLifecycleTests
{
    [Fact]
    public async Task Fleet_CreatedThroughTheApi_IsCheckedReconfiguredAndSurvivesARestart()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync("e2e");
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
        var okBackend = FleetBackends.Ok();
        await using var errorBackend = FleetBackends.Error500();
        await using var spareBackend = FleetBackends.Ok();
        await using var bystanderBackend = FleetBackends.Ok();
        var closedPort = FleetBackends.ClosedPort();
        await using var events = await FleetEventStream.OpenAsync(client);

        // The fleet, as a user builds it: load balancer, HTTP listener, its pool, the pool's monitor, members.
        var lb = (await client.CreateAsync("/api/v1/loadbalancers", new { name = "edge" })).Id;
        var listener = (await client.CreateAsync("/api/v1/listeners", new { loadbalancer_id = lb, protocol = "HTTP", protocol_port = 80 })).Id;
        var pool = (await client.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb, listener_id = listener, protocol = "HTTP", name = "web" })).Id;
        var monitor = (await client.CreateAsync("/api/v1/healthmonitors", HttpMonitor(pool))).Id;
        var ok = await MemberAsync(client, pool, okBackend.Port, "ok");
        var error = await MemberAsync(client, pool, errorBackend.Port, "error");
        var closed = await MemberAsync(client, pool, closedPort, "closed");
        var spare = await MemberAsync(client, pool, spareBackend.Port, "spare");

        // A second listener and pool with a TCP check: the bystander of the monitor change below.
        var otherListener = (await client.CreateAsync("/api/v1/listeners", new { loadbalancer_id = lb, protocol = "HTTP", protocol_port = 81 })).Id;
        var otherPool = (await client.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb, listener_id = otherListener, protocol = "HTTP" })).Id;
        var otherMonitor = (await client.CreateAsync("/api/v1/healthmonitors",
            new { pool_id = otherPool, type = "TCP", delay = 1, timeout = 1, max_retries = 2, max_retries_down = 2 })).Id;
        var bystander = await MemberAsync(client, otherPool, bystanderBackend.Port, "bystander");

        // Verdicts with their reasons, member by member and as the listener sums them up.
        var okHealth = await VerdictAsync(client, ok, "Healthy", null);
        var errorHealth = await VerdictAsync(client, error, "Unhealthy", "HTTP_CODE_NOT_MATCH");
        var closedHealth = await VerdictAsync(client, closed, "Unhealthy", "CONNECT_FAILED");
        await VerdictAsync(client, spare, "Healthy", null);
        var bystanderHealth = await VerdictAsync(client, bystander, "Healthy", null);
        Assert.Equal("L7OK", okHealth.GetProperty("check_code").GetString());
        Assert.Equal(200, okHealth.GetProperty("status_code").GetInt32());
        Assert.Equal("L7STS", errorHealth.GetProperty("check_code").GetString());
        Assert.Equal(500, errorHealth.GetProperty("status_code").GetInt32());
        Assert.Equal("L4CON", closedHealth.GetProperty("check_code").GetString());
        Assert.Equal($"127.0.0.1:{closedPort}", closedHealth.GetProperty("target").GetString());
        var poolHealth = await ListenerPoolAsync(client, listener);
        Assert.Equal(pool, poolHealth.GetProperty("pool_id").GetString());
        Assert.True(poolHealth.GetProperty("health_check_enabled").GetBoolean());
        Assert.Equal(4, poolHealth.GetProperty("members_total").GetInt32());
        Assert.Equal(2, poolHealth.GetProperty("counts").GetProperty("Healthy").GetInt32());
        Assert.Equal(2, poolHealth.GetProperty("counts").GetProperty("Unhealthy").GetInt32());
        Assert.Equal(2, poolHealth.GetProperty("non_healthy_total").GetInt32());
        Assert.Equal("HTTP_CODE_NOT_MATCH", ListedReason(poolHealth, error));
        Assert.Equal("CONNECT_FAILED", ListedReason(poolHealth, closed));
        await events.NextAsync("transition", e => e.GetProperty("member_id").GetString() == ok && e.GetProperty("to").GetString() == "Healthy",
            FleetWait.DefaultTimeout);

        // The healthy backend stops: the event stream tells, with the reason.
        await okBackend.DisposeAsync();
        var died = await events.NextAsync("transition",
            e => e.GetProperty("member_id").GetString() == ok && e.GetProperty("to").GetString() == "Unhealthy", FleetWait.DefaultTimeout);
        Assert.Equal("Healthy", died.GetProperty("from").GetString());
        Assert.Equal(pool, died.GetProperty("pool_id").GetString());
        Assert.Equal("Checks", died.GetProperty("cause").GetString());
        Assert.Equal("CONNECT_FAILED", died.GetProperty("reason_code").GetString());
        Assert.Equal("L4CON", died.GetProperty("check_code").GetString());

        // Accepting every status up to 599 reaches the engine at once: the 500 backend turns Healthy within seconds.
        var updated = await client.ApiPutAsync($"/api/v1/healthmonitors/{monitor}", new { expected_codes = "200-599" });
        Assert.True(updated.Status == HttpStatusCode.OK, updated.ToString());
        Assert.Equal("200-599", updated.Str("expected_codes"));
        var accepted = await FleetWait.UntilAsync(client, $"/api/v1/members/{error}/health", h => State(h) == "Healthy", TimeSpan.FromSeconds(10));
        Assert.Null(accepted.GetProperty("reason_code").GetString());
        Assert.Equal(500, accepted.GetProperty("status_code").GetInt32());
        var changed = await events.NextAsync("transition",
            e => e.GetProperty("member_id").GetString() == error && e.GetProperty("to").GetString() == "Healthy", FleetWait.DefaultTimeout);
        Assert.Equal("Checks", changed.GetProperty("cause").GetString());

        // The other pool's check was not touched: same verdict since the same instant, its pass count still growing.
        var bystanderAfter = await CountPastAsync(client, bystander, "consecutive_passes", bystanderHealth.GetProperty("consecutive_passes").GetInt32());
        Assert.Equal("Healthy", State(bystanderAfter));
        Assert.Equal(SinceMs(bystanderHealth), SinceMs(bystanderAfter));
        Assert.True(bystanderAfter.GetProperty("consecutive_passes").GetInt32() > bystanderHealth.GetProperty("consecutive_passes").GetInt32());

        // Deleting a member stops its checks: while three more checks of another member run, its backend sees at
        // most the one that may have been in flight.
        await VerdictAsync(client, ok, "Unhealthy", "CONNECT_FAILED");
        await VerdictAsync(client, closed, "Unhealthy", "CONNECT_FAILED");
        var clock = await VerdictAsync(client, error, "Healthy", null);
        var deleted = await client.ApiDeleteAsync($"/api/v1/members/{spare}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        var acceptedAtDelete = spareBackend.Accepted;
        await CountPastAsync(client, error, "consecutive_passes", clock.GetProperty("consecutive_passes").GetInt32() + 2);
        Assert.InRange(spareBackend.Accepted, acceptedAtDelete, acceptedAtDelete + 1);
        await AssertGoneAsync(client, $"/api/v1/members/{spare}");
        await AssertGoneAsync(client, $"/api/v1/members/{spare}/health");
        Assert.Equal(3, (await ListenerPoolAsync(client, listener)).GetProperty("members_total").GetInt32());

        // Rise and fall of 5 (same check, so the verdicts stand): after the restart, confirming a saved verdict takes
        // five checks (four seconds at the least), which leaves time to see every member resume on it, also on a busy
        // machine.
        var slower = await client.ApiPutAsync($"/api/v1/healthmonitors/{monitor}", new { max_retries = 5, max_retries_down = 5 });
        Assert.True(slower.Status == HttpStatusCode.OK, slower.ToString());
        var before = new Dictionary<string, System.Text.Json.JsonElement>
        {
            [ok] = await VerdictAsync(client, ok, "Unhealthy", "CONNECT_FAILED"),
            [error] = await VerdictAsync(client, error, "Healthy", null),
            [closed] = await VerdictAsync(client, closed, "Unhealthy", "CONNECT_FAILED"),
        };
        Assert.Equal(SinceMs(clock), SinceMs(before[error]));

        await server.RestartAsync();
        client.Dispose();
        client = server.WithToken(token);

        // Each member resumes on its saved verdict, from the same instant, marked restored; read first, before the
        // checks confirm it (below).
        foreach (var (id, saved) in before)
        {
            var resumed = await HealthAsync(client, id);
            Assert.Equal(State(saved), State(resumed));
            Assert.Equal(SinceMs(saved), SinceMs(resumed));
            // Marked restored until five checks confirm it; a machine slow enough to restart in more than those
            // five checks may already show it confirmed, from the same instant.
            var confirmedAlready = resumed.GetProperty("consecutive_passes").GetInt32() >= 5 || resumed.GetProperty("consecutive_failures").GetInt32() >= 5;
            Assert.True(resumed.GetProperty("restored").GetBoolean() || confirmedAlready, $"{id} right after the restart: {resumed}");
        }

        // Every resource is back, as it was.
        foreach (var (kind, id) in new[]
        {
            ("loadbalancers", lb), ("listeners", listener), ("listeners", otherListener), ("pools", pool), ("pools", otherPool),
            ("healthmonitors", monitor), ("healthmonitors", otherMonitor), ("members", ok), ("members", error), ("members", closed),
            ("members", bystander),
        })
        {
            var back = await client.ApiGetAsync($"/api/v1/{kind}/{id}");
            Assert.True(back.Status == HttpStatusCode.OK, $"{kind}/{id}: {back}");
            Assert.Equal(id, back.Id);
        }

        var monitorBack = await client.ApiGetAsync($"/api/v1/healthmonitors/{monitor}");
        Assert.Equal("200-599", monitorBack.Str("expected_codes"));
        Assert.Equal(5, monitorBack.Int("max_retries"));
        Assert.Equal(listener, (await client.ApiGetAsync($"/api/v1/pools/{pool}")).Str("listener_id"));
        await AssertGoneAsync(client, $"/api/v1/members/{spare}");
        var members = await client.ApiGetAsync($"/api/v1/pools/{pool}/members");
        Assert.Equal(3, members.Int("total_count"));

        foreach (var (id, saved) in before)
        {
            var confirmed = await FleetWait.UntilAsync(client, $"/api/v1/members/{id}/health", h => !h.GetProperty("restored").GetBoolean());
            Assert.Equal(State(saved), State(confirmed));
            Assert.Equal(SinceMs(saved), SinceMs(confirmed));
            Assert.Equal(saved.GetProperty("reason_code").GetString(), confirmed.GetProperty("reason_code").GetString());
        }

        await VerdictAsync(client, bystander, "Healthy", null);
        // The stored transitions survived too, the backend's death among them.
        var history = await FleetWait.GetAsync(client, $"/api/v1/members/{ok}/history?limit=100");
        Assert.Contains(history.GetProperty("transitions").EnumerateArray(), t =>
            t.GetProperty("from").GetString() == "Healthy" && t.GetProperty("to").GetString() == "Unhealthy"
            && t.GetProperty("reason_code").GetString() == "CONNECT_FAILED");
        client.Dispose();
    }
}
