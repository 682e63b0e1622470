using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;
using Vitals.Storage;
using Vitals.Testing;

namespace Vitals.Server.Tests.Notifications;

/// <summary>
/// Two real servers on one real PostgreSQL database: a webhook written on node A is read at once on node B (nothing
/// caches webhooks), its secret sealed under the shared key and opened by both; a rotation on B is what A signs with.
/// </summary>
public sealed class SharedStoreWebhookResourceTests(PostgresClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WebhookWrittenOnNodeA_IsReadOnNodeB_SealedAtRestAndOpenedByBoth()
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

        var database = await cluster.CreateDatabaseAsync("webhooks", Ct);
        try
        {
            await using var a = await RunningServer.StartAsync(options: o => (o.Store, o.NodeId) = (cluster.Url(database), "node-a"));
            await using var b = await RunningServer.StartAsync(options: o => (o.Store, o.NodeId) = (cluster.Url(database), "node-b"));
            var (projectId, clientA) = await a.CreateProjectAsync("shared");
            using var _clientA = clientA;
            using var clientB = b.WithToken(clientA.DefaultRequestHeaders.Authorization!.Parameter!);

            var created = await clientA.CreateAsync("/api/v1/webhooks", new { name = "ops", url = "https://hooks.example.com/ops" });
            var onB = await clientB.ApiGetAsync($"/api/v1/webhooks/{created.Id}");
            var rotated = await clientB.ApiPostAsync($"/api/v1/webhooks/{created.Id}/rotate-secret", new { previous_secret_expires_in = 60 });
            var readByA = await a.Services.GetRequiredService<IStore>().GetWebhookAsync(projectId, created.Id, Ct);
            await using var raw = new Npgsql.NpgsqlConnection(cluster.ConnectionString(database));
            await raw.OpenAsync(Ct);
            await using var command = new Npgsql.NpgsqlCommand("SELECT secret || ' ' || previous_secret FROM webhooks WHERE id = @id", raw);
            command.Parameters.AddWithValue("id", created.Id);
            var stored = (string)(await command.ExecuteScalarAsync(Ct))!;

            Assert.Equal(HttpStatusCode.OK, onB.Status);
            Assert.Equal(created.Str("secret_hint"), onB.Str("secret_hint"));
            Assert.Equal(HttpStatusCode.OK, rotated.Status);
            Assert.Equal((rotated.Str("secret"), created.Str("secret")), (readByA!.Secret, readByA.PreviousSecret));
            Assert.Equal(2, stored.Split(' ').Count(part => part.StartsWith("vs1:", StringComparison.Ordinal)));
            Assert.DoesNotContain("whsec_", stored, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NoContent, (await clientB.ApiDeleteAsync($"/api/v1/webhooks/{created.Id}")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await clientA.ApiGetAsync($"/api/v1/webhooks/{created.Id}")).Status);
        }
        finally
        {
            await cluster.DropDatabaseAsync(database, CancellationToken.None);
        }
    }
}
