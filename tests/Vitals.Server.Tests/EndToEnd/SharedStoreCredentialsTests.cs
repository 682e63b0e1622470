using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Dialects.Alibaba.Signing;
using Vitals.Server.Tests.Support;
using Vitals.Testing;

namespace Vitals.Server.Tests.EndToEnd;

/// <summary>
/// Two real servers on one real PostgreSQL database: a credential revoked or rotated through one node is refused by
/// the other on the next request. Project tokens are cached per node, so this is the change feed at work; Alibaba
/// AccessKeys and OVH credentials are read from the store on every request, which these tests keep true.
/// </summary>
public sealed class SharedStoreCredentialsTests(PostgresClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProjectToken_RevokedThroughNodeA_Is401OnNodeB_TheOtherTokenStillWorks()
    {
        await RunAsync(async (a, b) =>
        {
            var (_, ownerA) = await a.CreateProjectAsync("shared");
            using var _owner = ownerA;
            var ci = await ownerA.CreateAsync("/api/v1/tokens", new { name = "ci" });
            var other = await ownerA.CreateAsync("/api/v1/tokens", new { name = "other" });
            using var ciOnB = b.WithToken(ci.Str("secret"));
            using var otherOnB = b.WithToken(other.Str("secret"));
            // Both cached on B as valid before the revoke.
            Assert.Equal(HttpStatusCode.OK, (await ciOnB.ApiGetAsync("/api/v1/loadbalancers")).Status);
            Assert.Equal(HttpStatusCode.OK, (await otherOnB.ApiGetAsync("/api/v1/loadbalancers")).Status);

            var id = ci.Body.GetProperty("token").GetProperty("id").GetInt64();
            Assert.Equal(HttpStatusCode.NoContent, (await ownerA.ApiDeleteAsync($"/api/v1/tokens/{id}")).Status);

            await UntilAsync(async () => (await ciOnB.ApiGetAsync("/api/v1/loadbalancers")).Status == HttpStatusCode.Unauthorized,
                "B refuses the token revoked through A");
            Assert.Equal(HttpStatusCode.OK, (await otherOnB.ApiGetAsync("/api/v1/loadbalancers")).Status);
        });
    }

    [Fact]
    public async Task ProjectToken_RotatedThroughNodeB_OldSecretIs401OnNodeA_NewOneWorks()
    {
        await RunAsync(async (a, b) =>
        {
            var (_, ownerA) = await a.CreateProjectAsync("shared");
            using var _owner = ownerA;
            var ci = await ownerA.CreateAsync("/api/v1/tokens", new { name = "ci" });
            using var oldOnA = a.WithToken(ci.Str("secret"));
            Assert.Equal(HttpStatusCode.OK, (await oldOnA.ApiGetAsync("/api/v1/loadbalancers")).Status);

            using var ownerB = b.WithToken(ownerA.DefaultRequestHeaders.Authorization!.Parameter!);
            var id = ci.Body.GetProperty("token").GetProperty("id").GetInt64();
            var rotated = await ownerB.ApiPostAsync($"/api/v1/tokens/{id}/rotate", new { });
            Assert.True(rotated.Status == HttpStatusCode.OK, rotated.ToString());

            await UntilAsync(async () => (await oldOnA.ApiGetAsync("/api/v1/loadbalancers")).Status == HttpStatusCode.Unauthorized,
                "A refuses the secret rotated away through B");
            using var newOnA = a.WithToken(rotated.Str("secret"));
            Assert.Equal(HttpStatusCode.OK, (await newOnA.ApiGetAsync("/api/v1/loadbalancers")).Status);
        });
    }

    [Fact]
    public async Task AlibabaAccessKey_RevokedThroughNodeA_IsInactiveOnNodeB()
    {
        await RunAsync(async (a, b) =>
        {
            var (_, ownerA) = await a.CreateProjectAsync("shared");
            using var _owner = ownerA;
            var issued = await ownerA.CreateAsync("/api/v1/access-keys", new { description = "sdk" });
            var (keyId, secret) = (issued.Str("access_key_id"), issued.Str("access_key_secret"));
            using var http = b.Anonymous();
            Assert.DoesNotContain("InvalidAccessKeyId", await AlibabaCodeAsync(http, keyId, secret), StringComparison.Ordinal);

            Assert.Equal(HttpStatusCode.NoContent, (await ownerA.ApiDeleteAsync($"/api/v1/access-keys/{keyId}")).Status);

            Assert.Equal("InvalidAccessKeyId.Inactive", await AlibabaCodeAsync(http, keyId, secret));
        });
    }

    [Fact]
    public async Task OvhCredential_RevokedThroughNodeA_Is403OnNodeB()
    {
        await RunAsync(async (a, b) =>
        {
            var (_, ownerA) = await a.CreateProjectAsync("shared");
            using var _owner = ownerA;
            var issued = await ownerA.CreateAsync("/api/v1/ovh-credentials", new { description = "node-ovh" });
            var (applicationKey, applicationSecret, consumerKey) =
                (issued.Str("application_key"), issued.Str("application_secret"), issued.Str("consumer_key"));
            using var http = b.Anonymous();
            var before = await OvhGetAsync(http, applicationKey, applicationSecret, consumerKey);
            Assert.True(before.Status == HttpStatusCode.OK, before.Text);

            Assert.Equal(HttpStatusCode.NoContent, (await ownerA.ApiDeleteAsync($"/api/v1/ovh-credentials/{consumerKey}")).Status);

            var after = await OvhGetAsync(http, applicationKey, applicationSecret, consumerKey);
            Assert.True(after.Status == HttpStatusCode.Forbidden, after.Text);
            // A revoked triple is a credential that no longer exists, as OVH answers it (not an unknown application key).
            Assert.Equal("INVALID_CREDENTIAL", JsonDocument.Parse(after.Text).RootElement.GetProperty("errorCode").GetString());
        });
    }

    /// <summary>The <c>Code</c> of a signed (v1) GetListenerHealthStatus call, fresh nonce and time each call.</summary>
    private static async Task<string> AlibabaCodeAsync(HttpClient http, string keyId, string secret)
    {
        var parameters = AlibabaTestSigner.V1Parameters(TimeProvider.System.GetUtcNow(), Guid.NewGuid().ToString("N"), keyId);
        parameters["Signature"] = AlibabaTestSigner.V1Signature("POST", parameters, secret);
        using var response = await http.PostAsync("/?" + AlibabaTestSigner.WireQuery(parameters), null, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        return JsonDocument.Parse(body).RootElement.TryGetProperty("Code", out var code) ? code.GetString() ?? "" : "";
    }

    /// <summary><c>GET /1.0/ipLoadbalancing</c> signed the way node-ovh signs (SHA-1 over secret+consumer+method+URL+body+time).</summary>
    private static async Task<(HttpStatusCode Status, string Text)> OvhGetAsync(HttpClient http, string applicationKey, string secret, string consumerKey)
    {
        const string Path = "/1.0/ipLoadbalancing";
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
#pragma warning disable CA5350 // the OVH scheme is SHA-1
        var signature = "$1$" + Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(
            string.Join('+', secret, consumerKey, "GET", "https://127.0.0.1" + Path, "", timestamp))));
#pragma warning restore CA5350
        using var request = new HttpRequestMessage(HttpMethod.Get, Path);
        request.Headers.Add("X-Ovh-Application", applicationKey);
        request.Headers.Add("X-Ovh-Consumer", consumerKey);
        request.Headers.Add("X-Ovh-Timestamp", timestamp);
        request.Headers.Add("X-Ovh-Signature", signature);
        using var response = await http.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>Starts node A and node B on one fresh database, runs <paramref name="body"/>, stops both and drops the database.</summary>
    private async Task RunAsync(Func<RunningServer, RunningServer, Task> body)
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

        var database = await cluster.CreateDatabaseAsync("credentials", Ct);
        try
        {
            await using var a = await RunningServer.StartAsync(options: o => (o.Store, o.NodeId) = (cluster.Url(database), "node-a"));
            await using var b = await RunningServer.StartAsync(options: o => (o.Store, o.NodeId) = (cluster.Url(database), "node-b"));
            await body(a, b);
        }
        finally
        {
            await cluster.DropDatabaseAsync(database, CancellationToken.None);
        }
    }

    /// <summary>
    /// Waits for the change feed: the notification normally arrives within milliseconds; without it the feed is read
    /// every 2 s, so 5 s is the bound that still holds on a loaded machine. Anything slower fails.
    /// </summary>
    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var bound = TimeSpan.FromSeconds(5);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < bound)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(20, Ct);
        }

        Assert.Fail($"not within {bound.TotalSeconds} s: {what}");
    }
}
