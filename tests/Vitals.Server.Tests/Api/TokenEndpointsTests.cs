using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vitals.Server.Tests.Support;
using Vitals.Testing;

namespace Vitals.Server.Tests.Api;

/// <summary><c>/api/v1/projects/{id}/tokens</c> and <c>/api/v1/tokens</c> on a real server: named, revocable, rotatable, expiring tokens.</summary>
public sealed class TokenEndpointsTests
{
    [Fact]
    public async Task CreateTwo_ListShowsBothWithoutSecrets_RevokeOne_Is401NextRequestWhileTheOtherWorks()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, owner) = await server.CreateProjectAsync("acme");
        using var _owner = owner;

        var ci = await owner.CreateAsync($"/api/v1/projects/{projectId}/tokens", new { name = "ci" });
        var deploy = await owner.CreateAsync("/api/v1/tokens", new { name = "deploy" });
        var ciSecret = ci.Str("secret");
        var deploySecret = deploy.Str("secret");
        using var ciClient = server.WithToken(ciSecret);
        using var deployClient = server.WithToken(deploySecret);
        Assert.StartsWith("vt_", ciSecret, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await ciClient.ApiGetAsync("/api/v1/loadbalancers")).Status);
        Assert.Equal(HttpStatusCode.OK, (await deployClient.ApiGetAsync("/api/v1/loadbalancers")).Status);

        var list = await owner.ApiGetAsync($"/api/v1/projects/{projectId}/tokens");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        var tokens = list.Body.GetProperty("tokens").EnumerateArray().ToList();
        Assert.Equal(["default", "ci", "deploy"], tokens.Select(t => t.GetProperty("name").GetString()));
        Assert.All(tokens, t => Assert.Equal("active", t.GetProperty("status").GetString()));
        Assert.All(tokens, t => Assert.Equal(projectId, t.GetProperty("project_id").GetString()));
        Assert.All(tokens, t => Assert.False(t.TryGetProperty("secret", out _)));
        Assert.DoesNotContain(ciSecret, list.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(deploySecret, list.Text, StringComparison.Ordinal);

        var ciId = ci.Body.GetProperty("token").GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await owner.ApiDeleteAsync($"/api/v1/tokens/{ciId}")).Status);

        Assert.Equal(HttpStatusCode.Unauthorized, (await ciClient.ApiGetAsync("/api/v1/loadbalancers")).Status);
        Assert.Equal(HttpStatusCode.OK, (await deployClient.ApiGetAsync("/api/v1/loadbalancers")).Status);
        var revoked = (await owner.ApiGetAsync("/api/v1/tokens")).Body.GetProperty("tokens").EnumerateArray()
            .Single(t => t.GetProperty("id").GetInt64() == ciId);
        Assert.Equal("revoked", revoked.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, revoked.GetProperty("revoked_at").ValueKind);
        // Revoking again is harmless; the name is free again for a new token.
        Assert.Equal(HttpStatusCode.NoContent, (await owner.ApiDeleteAsync($"/api/v1/tokens/{ciId}")).Status);
        await owner.CreateAsync("/api/v1/tokens", new { name = "ci" });
    }

    [Fact]
    public async Task Revoke_EndsAnOpenEventStreamOfThatToken_AtOnce_WhileAnotherTokensStreamStaysOpen()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, owner) = await server.CreateProjectAsync("acme");
        using var _owner = owner;
        var watcher = await owner.CreateAsync("/api/v1/tokens", new { name = "watcher" });
        using var watcherClient = server.WithToken(watcher.Str("secret"));
        await using var revokedStream = await FleetEventStream.OpenAsync(watcherClient);
        await using var otherStream = await FleetEventStream.OpenAsync(owner);

        var id = watcher.Body.GetProperty("token").GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await owner.ApiDeleteAsync($"/api/v1/tokens/{id}")).Status);

        // Well inside the 15 s heartbeat: the revoke itself ends the stream, with a last event saying why.
        var last = await revokedStream.NextAsync("revoked", _ => true, TimeSpan.FromSeconds(5));
        Assert.Contains("revoked", last.GetProperty("message").GetString(), StringComparison.Ordinal);
        await revokedStream.Completion.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(otherStream.Completion.IsCompleted);
        Assert.Equal(HttpStatusCode.Unauthorized, (await watcherClient.GetAsync("/api/v1/events", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Rotate_OldSecretRefusedAtOnce_NewSecretWorks_SameIdAndName()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, owner) = await server.CreateProjectAsync("acme");
        using var _owner = owner;
        var created = await owner.CreateAsync("/api/v1/tokens", new { name = "ci" });
        var id = created.Body.GetProperty("token").GetProperty("id").GetInt64();
        using var oldClient = server.WithToken(created.Str("secret"));
        Assert.Equal(HttpStatusCode.OK, (await oldClient.ApiGetAsync("/api/v1/loadbalancers")).Status);

        using var admin = server.Admin();
        var rotated = await admin.ApiPostAsync($"/api/v1/projects/{projectId}/tokens/{id}/rotate", new { });

        Assert.True(rotated.Status == HttpStatusCode.OK, rotated.ToString());
        Assert.Equal(id, rotated.Body.GetProperty("token").GetProperty("id").GetInt64());
        Assert.Equal("ci", rotated.Body.GetProperty("token").GetProperty("name").GetString());
        Assert.NotEqual(created.Str("secret"), rotated.Str("secret"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await oldClient.ApiGetAsync("/api/v1/loadbalancers")).Status);
        using var newClient = server.WithToken(rotated.Str("secret"));
        Assert.Equal(HttpStatusCode.OK, (await newClient.ApiGetAsync("/api/v1/loadbalancers")).Status);

        // A revoked token cannot be brought back by rotating it.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.ApiDeleteAsync($"/api/v1/projects/{projectId}/tokens/{id}")).Status);
        var again = await admin.ApiPostAsync($"/api/v1/projects/{projectId}/tokens/{id}/rotate", new { });
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.NotEmpty(again.ErrorsOf("id"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await newClient.ApiGetAsync("/api/v1/loadbalancers")).Status);
    }

    [Fact]
    public async Task Expiry_RefusedOnceTheClockPassesIt_WithoutAnyWrite_AndLastUsedWrittenAtMostOnceAMinute()
    {
        var time = new ManualTimeProvider(DateTimeOffset.Parse("2026-06-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var server = await RunningServer.StartAsync(configure: s => s.AddSingleton<TimeProvider>(time));
        var (_, owner) = await server.CreateProjectAsync("acme");
        using var _owner = owner;
        var created = await owner.CreateAsync("/api/v1/tokens", new { name = "short", expires_at = "2026-06-01T13:00:00Z" });
        Assert.Equal("2026-06-01T13:00:00+00:00", created.Body.GetProperty("token").GetProperty("expires_at").GetDateTimeOffset().ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(JsonValueKind.Null, created.Body.GetProperty("token").GetProperty("last_used_at").ValueKind);
        using var client = server.WithToken(created.Str("secret"));

        Assert.Equal(HttpStatusCode.OK, (await client.ApiGetAsync("/api/v1/loadbalancers")).Status);
        Assert.Equal(time.GetUtcNow(), await LastUsedAsync(owner, "short"));
        var firstUse = time.GetUtcNow();
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await client.ApiGetAsync("/api/v1/loadbalancers")).Status);
        Assert.Equal(firstUse, await LastUsedAsync(owner, "short"));
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HttpStatusCode.OK, (await client.ApiGetAsync("/api/v1/loadbalancers")).Status);
        Assert.Equal(time.GetUtcNow(), await LastUsedAsync(owner, "short"));

        time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.ApiGetAsync("/api/v1/loadbalancers")).Status);
        var listed = (await owner.ApiGetAsync("/api/v1/tokens")).Body.GetProperty("tokens").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "short");
        Assert.Equal("expired", listed.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("revoked_at").ValueKind);
    }

    [Theory]
    [InlineData("{}", "name")]
    [InlineData("{\"name\": 5}", "name")]
    [InlineData("{\"name\": \"\"}", "name")]
    [InlineData("{\"name\": \"has space\"}", "name")]
    [InlineData("{\"name\": \"-dash-first\"}", "name")]
    [InlineData("{\"name\": \"\\ud800\"}", "name")]
    [InlineData("{\"name\": \"ci\", \"expires_at\": \"yesterday\"}", "expires_at")]
    [InlineData("{\"name\": \"ci\", \"expires_at\": \"2000-01-01T00:00:00Z\"}", "expires_at")]
    [InlineData("{\"name\": \"ci\", \"expires_at\": 1893456000}", "expires_at")]
    [InlineData("{\"name\": \"ci\", \"secret\": \"mine\"}", "secret")]
    [InlineData("[\"ci\"]", "body")]
    [InlineData("{\"name\": \"ci\"", "body")]
    [InlineData("{\"\\udc00\": 1}", "body")]
    public async Task Create_BadInput_Is400NamingTheField_AndCreatesNothing(string body, string field)
    {
        await using var server = await RunningServer.StartAsync();
        var (_, owner) = await server.CreateProjectAsync("acme");
        using var _owner = owner;

        var answer = await owner.ApiSendAsync(HttpMethod.Post, "/api/v1/tokens", body);

        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.NotEmpty(answer.ErrorsOf(field));
        Assert.Single((await owner.ApiGetAsync("/api/v1/tokens")).Body.GetProperty("tokens").EnumerateArray());
    }

    [Fact]
    public async Task Create_OtherBadRequests_AreClear4xx()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, owner) = await server.CreateProjectAsync("acme");
        using var _owner = owner;

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await owner.ApiSendAsync(HttpMethod.Post, "/api/v1/tokens", "name=ci", "application/x-www-form-urlencoded")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.ApiSendAsync(HttpMethod.Post, "/api/v1/tokens", null)).Status);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge,
            (await owner.ApiSendAsync(HttpMethod.Post, "/api/v1/tokens", "{\"name\": \"" + new string('a', 20_000) + "\"}")).Status);
        var duplicate = await owner.ApiPostAsync("/api/v1/tokens", new { name = "default" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
        Assert.NotEmpty(duplicate.ErrorsOf("name"));
        Assert.Single((await owner.ApiGetAsync($"/api/v1/projects/{projectId}/tokens")).Body.GetProperty("tokens").EnumerateArray());
    }

    [Fact]
    public async Task Access_ProjectTokenSeesOnlyItsProject_AdminAnyProject_UnknownIdsAre404()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectA, clientA) = await server.CreateProjectAsync("a");
        var (projectB, clientB) = await server.CreateProjectAsync("b");
        using var _a = clientA;
        using var _b = clientB;
        using var admin = server.Admin();
        var tokenB = (await clientB.CreateAsync("/api/v1/tokens", new { name = "b-ci" })).Body.GetProperty("token").GetProperty("id").GetInt64();

        // A project token: another project's tokens are absent, whatever the call.
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.ApiGetAsync($"/api/v1/projects/{projectB}/tokens")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.ApiPostAsync($"/api/v1/projects/{projectB}/tokens", new { name = "x" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.ApiDeleteAsync($"/api/v1/tokens/{tokenB}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.ApiPostAsync($"/api/v1/tokens/{tokenB}/rotate", new { })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.ApiDeleteAsync($"/api/v1/projects/{projectA}/tokens/{tokenB}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.ApiDeleteAsync("/api/v1/tokens/not-a-number")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.ApiDeleteAsync("/api/v1/tokens/99999")).Status);
        Assert.Equal(2, (await clientB.ApiGetAsync("/api/v1/tokens")).Body.GetProperty("tokens").GetArrayLength());

        // The admin: any existing project by path; an unknown project is 404; /api/v1/tokens is for project tokens.
        Assert.Equal(2, (await admin.ApiGetAsync($"/api/v1/projects/{projectB}/tokens")).Body.GetProperty("tokens").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.ApiGetAsync("/api/v1/projects/prj-nope/tokens")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.ApiGetAsync("/api/v1/tokens")).Status);
        var made = await admin.CreateAsync($"/api/v1/projects/{projectA}/tokens", new { name = "by-admin" });
        Assert.Equal(projectA, made.Body.GetProperty("token").GetProperty("project_id").GetString());

        // No token, or a wrong one: 401.
        using var anonymous = server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.ApiGetAsync("/api/v1/tokens")).Status);
        using var wrong = server.WithToken("vt_wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.ApiGetAsync($"/api/v1/projects/{projectA}/tokens")).Status);
    }

    private static async Task<DateTimeOffset?> LastUsedAsync(HttpClient owner, string name)
    {
        var token = (await owner.ApiGetAsync("/api/v1/tokens")).Body.GetProperty("tokens").EnumerateArray()
            .Single(t => t.GetProperty("name").GetString() == name);
        var value = token.GetProperty("last_used_at");
        return value.ValueKind == JsonValueKind.Null ? null : value.GetDateTimeOffset();
    }
}
