using Npgsql;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;
using Vitals.Testing;
using static Vitals.Server.Tests.EndToEnd.EndToEndFleet;

namespace Vitals.Server.Tests.EndToEnd;

/// <summary>
/// <c>vitals serve --store postgres://...</c>: a real server on a real PostgreSQL database (the assembly's throwaway
/// cluster), through the REST API only, restarted on the same database.
/// </summary>
public sealed class PostgresStoreServerTests(PostgresClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fleet_OnPostgres_SurvivesARestartWithMemberStatesRestored()
    {
        var cluster = await fixture.GetAsync(Ct);
        if (cluster is null)
        {
            if (PostgresClusterFixture.MustFailWhenUnavailable)
            {
                Assert.Fail(fixture.UnavailableReason);
            }

            Assert.Skip(fixture.UnavailableReason);
        }

        var database = await cluster.CreateDatabaseAsync("server", Ct);
        try
        {
            await using (var server = await RunningServer.StartAsync(options: o => o.Store = cluster.Url(database)))
            {
                await RunAsync(server, cluster.ConnectionString(database));
            }
        }
        finally
        {
            await cluster.DropDatabaseAsync(database, CancellationToken.None);
        }
    }

    private static async Task RunAsync(RunningServer server, string connectionString)
    {
        var (_, client) = await server.CreateProjectAsync("pg");
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
        await using var backend = FleetBackends.Ok();
        var closedPort = FleetBackends.ClosedPort();
        var lb = (await client.CreateAsync("/api/v1/loadbalancers", new { name = "edge" })).Id;
        var listener = (await client.CreateAsync("/api/v1/listeners", new { loadbalancer_id = lb, protocol = "HTTP", protocol_port = 80 })).Id;
        var pool = (await client.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb, listener_id = listener, protocol = "HTTP", name = "web" })).Id;
        // Rise and fall of 6: after the restart, confirming a saved verdict takes six checks (6 s), time enough to see it
        // restored even when a loaded machine takes seconds to start the server again.
        await client.CreateAsync("/api/v1/healthmonitors",
            new { pool_id = pool, type = "HTTP", delay = 1, timeout = 1, max_retries = 6, max_retries_down = 6, url_path = "/health" });
        var up = await MemberAsync(client, pool, backend.Port, "up");
        var down = await MemberAsync(client, pool, closedPort, "down");
        var upBefore = await VerdictAsync(client, up, "Healthy", null);
        var downBefore = await VerdictAsync(client, down, "Unhealthy", "CONNECT_FAILED");
        client.Dispose();

        await server.RestartAsync();

        using var after = server.WithToken(token);
        var upAfter = await HealthAsync(after, up);
        var downAfter = await HealthAsync(after, down);
        Assert.Equal(("Healthy", SinceMs(upBefore)), (State(upAfter), SinceMs(upAfter)));
        Assert.Equal(("Unhealthy", SinceMs(downBefore)), (State(downAfter), SinceMs(downAfter)));
        Assert.True(upAfter.GetProperty("restored").GetBoolean() || downAfter.GetProperty("restored").GetBoolean(),
            "right after a restart, at least one member must still be on its saved verdict");
        var lbAfter = await FleetWait.GetAsync(after, $"/api/v1/loadbalancers/{lb}");
        Assert.Contains("edge", lbAfter.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, (await ListenerPoolAsync(after, listener)).GetProperty("members_total").GetInt32());
        var history = await FleetWait.GetAsync(after, $"/api/v1/members/{down}/history");
        Assert.Equal("Unhealthy", history.GetProperty("transitions")[0].GetProperty("to").GetString());

        // The data is in PostgreSQL, not in a SQLite file beside it.
        Assert.False(File.Exists(Path.Combine(server.DataDir, "vitals.db")));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM members m JOIN member_health h ON h.member_id = m.id", connection);
        Assert.Equal(2L, await count.ExecuteScalarAsync(Ct));
    }
}
