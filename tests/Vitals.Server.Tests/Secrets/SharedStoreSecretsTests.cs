using System.Net;
using Dapper;
using Npgsql;
using Vitals.Server.Tests.Support;
using Vitals.Storage.Secrets;
using Vitals.Testing;

namespace Vitals.Server.Tests.Secrets;

/// <summary>
/// Two real servers on one real PostgreSQL database with the same secrets key file: secrets issued on one verify on
/// the other, the rows hold no secret in clear, and a third node with another key refuses to start.
/// </summary>
public sealed class SharedStoreSecretsTests(PostgresClusterFixture fixture) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vitals-shared-secrets-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task SameKeyFile_BothNodesVerify_OtherKey_RefusesToStart()
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

        var database = await cluster.CreateDatabaseAsync("secrets", Ct);
        try
        {
            var keyFile = Path.Combine(_root, "shared.key");
            await using var a = await RunningServer.StartAsync(options: o => (o.Store, o.NodeId, o.SecretsKeyFile) = (cluster.Url(database), "node-a", keyFile));
            await using var b = await RunningServer.StartAsync(options: o => (o.Store, o.NodeId, o.SecretsKeyFile) = (cluster.Url(database), "node-b", keyFile));
            var (_, project) = await a.CreateProjectAsync("shared");
            using var _ = project;
            var (keyId, keySecret) = await SignedCalls.IssueAccessKeyAsync(project);
            var ovh = await SignedCalls.IssueOvhAsync(project);

            foreach (var node in new[] { a, b })
            {
                Assert.Equal(HttpStatusCode.OK, (await SignedCalls.AlibabaAsync(node.BaseAddress, keyId, keySecret)).Status);
                Assert.Equal(HttpStatusCode.OK, (await SignedCalls.OvhAsync(node.BaseAddress, ovh)).Status);
            }

            await using (var admin = new NpgsqlConnection(cluster.ConnectionString(database)))
            {
                var stored = string.Join('\n', await admin.QueryAsync<string>("SELECT key_id || ' ' || secret FROM credentials"));
                Assert.DoesNotContain(keySecret, stored, StringComparison.Ordinal);
                Assert.DoesNotContain(ovh.ApplicationSecret, stored, StringComparison.Ordinal);
                Assert.DoesNotContain(ovh.ConsumerKey, stored, StringComparison.Ordinal);
                Assert.Contains(SecretCipher.Prefix, stored, StringComparison.Ordinal);
            }

            // A node started with its own key (the default <data-dir>/secrets.key): a clear refusal, before it serves.
            var error = await Assert.ThrowsAsync<SecretsKeyException>(() => RunningServer.StartAsync(
                options: o => (o.Store, o.NodeId, o.SecretsKeyFile) = (cluster.Url(database), "node-c", Path.Combine(_root, "other.key"))));
            Assert.Contains("cannot decrypt", error.Message, StringComparison.Ordinal);
            Assert.Contains(SecretsKey.LoadOrCreate(keyFile, create: false).Id, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await cluster.DropDatabaseAsync(database, CancellationToken.None);
        }
    }
}
