using System.Net;
using Vitals.Server.Tests.Support;
using Vitals.Testing;

namespace Vitals.Server.Tests.Readiness;

/// <summary>
/// <c>/readyz</c> on a real PostgreSQL store: the change feed is one of its checks, and a database that turns read-only
/// (as a primary demoted to a standby would) makes the node unready until it takes writes again.
/// </summary>
public sealed class SharedStoreReadinessTests(PostgresClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readyz_DatabaseTurnedReadOnly_Answers503ReadOnly_And200OnceWritableAgain()
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

        var database = await cluster.CreateDatabaseAsync("ready", Ct);
        try
        {
            await using var server = await RunningServer.StartAsync(options: o => (o.Store, o.NodeId) = (cluster.Url(database), "node-r"));
            using var client = server.Anonymous();
            var ready = await ServerHealthEndpointsTests.GetAsync(client, "/readyz");
            Assert.Equal(HttpStatusCode.OK, ready.Status);
            Assert.Equal("[+]store ok\n[+]engine ok\n[+]change_feed ok\n[+]shutdown ok\nreadyz check passed\n", ready.Body);

            await SetReadOnlyAsync(cluster, database, on: true);
            var unwritable = await ServerHealthEndpointsTests.UntilAsync(client, "/readyz", static s => s == HttpStatusCode.ServiceUnavailable,
                "[-]store failed: read_only");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unwritable.Status);
            Assert.Contains("[-]store failed: read_only: 25006 read_only_sql_transaction", unwritable.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(database, unwritable.Body, StringComparison.Ordinal);

            await SetReadOnlyAsync(cluster, database, on: false);
            var again = await ServerHealthEndpointsTests.UntilAsync(client, "/readyz", static s => s == HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.OK, again.Status);
        }
        finally
        {
            await cluster.DropDatabaseAsync(database, CancellationToken.None);
        }
    }

    /// <summary>Makes every new session of the database read-only (or not) and ends the server's current ones.</summary>
    private static async Task SetReadOnlyAsync(PostgresCluster cluster, string database, bool on)
    {
        await using var admin = new Npgsql.NpgsqlConnection(cluster.ConnectionString("postgres"));
        await admin.OpenAsync(Ct);
        var set = on ? "SET default_transaction_read_only = on" : "RESET default_transaction_read_only";
        await using (var alter = new Npgsql.NpgsqlCommand($"ALTER DATABASE \"{database}\" {set}", admin))
        {
            await alter.ExecuteNonQueryAsync(Ct);
        }

        await using var end = new Npgsql.NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", admin);
        end.Parameters.AddWithValue("db", database);
        await end.ExecuteScalarAsync(Ct);
    }
}
