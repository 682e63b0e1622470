using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vitals.Core.Notifications;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;
using Vitals.Storage;
using Vitals.Storage.Filters;
using Vitals.Testing;

namespace Vitals.Server.Tests.Notifications;

/// <summary>
/// <c>/api/v1/webhooks</c> on a running server: a webhook made of its URL alone receives everything, the secret is shown
/// once (create, rotate) and only as a hint afterwards, every bad input is a 400 naming its field with nothing written,
/// the target policy refuses what a tenant must not reach, other projects see 404.
/// </summary>
public sealed class WebhookEndpointsTests
{
    private const string Path = "/api/v1/webhooks";

    [Fact]
    public async Task Create_UrlOnly_EveryEventAndStateAndAGeneratedSecretShownOnce()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        using var _ = client;

        var created = await client.CreateAsync(Path, new { url = "https://hooks.example.com/vitals" });
        var read = await client.ApiGetAsync($"{Path}/{created.Id}");
        var listed = await client.ApiGetAsync(Path);

        Assert.StartsWith("whk-", created.Id, StringComparison.Ordinal);
        Assert.Equal((projectId, "", "", "https://hooks.example.com/vitals"),
            (created.Str("project_id"), created.Str("name"), created.Str("description"), created.Str("url")));
        Assert.Empty(created.Body.GetProperty("events").EnumerateArray());
        Assert.Empty(created.Body.GetProperty("states").EnumerateArray());
        Assert.True(created.Body.GetProperty("admin_state_up").GetBoolean());
        var secret = created.Str("secret");
        Assert.True(WebhookSecrets.IsWellFormed(secret), secret);
        Assert.Equal("whsec_…" + secret[^4..], created.Str("secret_hint"));
        Assert.Equal(JsonValueKind.Null, created.Body.GetProperty("previous_secret_expires_at").ValueKind);
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.False(read.Body.TryGetProperty("secret", out var _));
        Assert.DoesNotContain(secret, read.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed.Text, StringComparison.Ordinal);
        Assert.Equal(created.Str("secret_hint"), read.Str("secret_hint"));
        Assert.Equal(created.Id, listed.Body.GetProperty("webhooks")[0].GetProperty("id").GetString());
        // What the delivery worker will sign with: the secret in the answer, read back in clear through the store.
        var stored = await server.Services.GetRequiredService<IStore>().GetWebhookAsync(projectId, created.Id, TestContext.Current.CancellationToken);
        Assert.Equal(secret, stored!.Secret);
    }

    [Fact]
    public async Task RoundTrip_EveryFieldAndPartialUpdate_ThenDelete()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;

        var created = await client.CreateAsync(Path, new
        {
            name = "ops", description = "on-call", url = "http://10.0.0.7:8080/in?team=ops",
            events = new[] { NotificationKinds.MemberTransition, NotificationKinds.PanicStarted }, states = new[] { "Unhealthy", "Healthy" },
            admin_state_up = false, secret = "my-own-secret-0123456789",
        });
        var updated = await client.ApiPutAsync($"{Path}/{created.Id}", new { description = "renamed", states = Array.Empty<string>(), admin_state_up = true });
        var renamed = await client.ApiPutAsync($"{Path}/{created.Id}", new { name = "ops-2", url = "https://hooks.example.com/x" });

        Assert.Equal("my-own-secret-0123456789", created.Str("secret"));
        Assert.Equal("…6789", created.Str("secret_hint"));
        Assert.Equal([NotificationKinds.MemberTransition, NotificationKinds.PanicStarted], Strings(created, "events"));
        Assert.Equal(["Unhealthy", "Healthy"], Strings(created, "states"));
        Assert.False(created.Body.GetProperty("admin_state_up").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal(("ops", "renamed", "http://10.0.0.7:8080/in?team=ops"), (updated.Str("name"), updated.Str("description"), updated.Str("url")));
        Assert.Equal([NotificationKinds.MemberTransition, NotificationKinds.PanicStarted], Strings(updated, "events"));
        Assert.Empty(Strings(updated, "states"));
        Assert.True(updated.Body.GetProperty("admin_state_up").GetBoolean());
        Assert.False(updated.Body.TryGetProperty("secret", out var _));
        Assert.Equal(("ops-2", "https://hooks.example.com/x", "renamed"), (renamed.Str("name"), renamed.Str("url"), renamed.Str("description")));
        Assert.Equal("…6789", renamed.Str("secret_hint"));

        Assert.Equal(HttpStatusCode.NoContent, (await client.ApiDeleteAsync($"{Path}/{created.Id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ApiGetAsync($"{Path}/{created.Id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ApiDeleteAsync($"{Path}/{created.Id}")).Status);
    }

    [Fact]
    public async Task List_FiltersByNameAndAdminStateAndPages_DuplicateNameConflicts()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await client.CreateAsync(Path, new { name = $"w{i}", url = $"https://{i}.example", admin_state_up = i != 2 })).Id);
        }

        var first = await client.ApiGetAsync($"{Path}?limit=3");
        var second = await client.ApiGetAsync($"{Path}?limit=3&marker={first.Str("next_marker")}");
        var byName = await client.ApiGetAsync($"{Path}?name=w3");
        var disabled = await client.ApiGetAsync($"{Path}?admin_state_up=false");
        var badMarker = await client.ApiGetAsync($"{Path}?marker=whk-nothing");
        var badFilter = await client.ApiGetAsync($"{Path}?admin_state_up=maybe");
        var duplicate = await client.ApiPostAsync(Path, new { name = "w1", url = "https://x.example" });

        Assert.Equal(5, first.Int("total_count"));
        Assert.Equal(ids, Ids(first).Concat(Ids(second)));
        Assert.Equal(JsonValueKind.Null, second.Body.GetProperty("next_marker").ValueKind);
        Assert.Equal([ids[3]], Ids(byName));
        Assert.Equal([ids[2]], Ids(disabled));
        Assert.NotEmpty(badMarker.ErrorsOf("marker"));
        Assert.NotEmpty(badFilter.ErrorsOf("admin_state_up"));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
        Assert.Equal(5, (await client.ApiGetAsync(Path)).Int("total_count"));
    }

    private static readonly (string Body, string Fields)[] BadBodies =
    [
        ("{}", "url"),
        ("{\"url\": null}", "url"),
        ("{\"url\": 7}", "url"),
        ("{\"url\": \"\"}", "url"),
        ("{\"url\": \"hooks.example.com/in\"}", "url"),
        ("{\"url\": \"ftp://hooks.example.com/in\"}", "url"),
        ("{\"url\": \"javascript:alert(1)\"}", "url"),
        ("{\"url\": \"https://user:pass@hooks.example.com/in\"}", "url"),
        ("{\"url\": \"https://hooks.example.com/" + new string('x', 2048) + "\"}", "url"),
        ("{\"url\": \"https://a.example\", \"events\": [\"member.down\"]}", "events[0]"),
        ("{\"url\": \"https://a.example\", \"events\": [\"test\", \"test\"]}", "events[1]"),
        ("{\"url\": \"https://a.example\", \"events\": \"member.transition\"}", "events"),
        ("{\"url\": \"https://a.example\", \"events\": [7, null]}", "events[0],events[1]"),
        ("{\"url\": \"https://a.example\", \"events\": null}", "events"),
        ("{\"url\": \"https://a.example\", \"states\": [\"Healthy\", \"DOWN\"]}", "states[1]"),
        ("{\"url\": \"https://a.example\", \"states\": [\"unhealthy\"]}", "states[0]"),
        ("{\"url\": \"https://a.example\", \"states\": [\"Healthy\", \"Healthy\"]}", "states[1]"),
        ("{\"url\": \"https://a.example\", \"secret\": \"short\"}", "secret"),
        ("{\"url\": \"https://a.example\", \"secret\": \"has spaces in the secret\"}", "secret"),
        ("{\"url\": \"https://a.example\", \"secret\": \"vs1:0123456789abcdef\"}", "secret"),
        ("{\"url\": \"https://a.example\", \"secret\": \"" + new string('s', 257) + "\"}", "secret"),
        ("{\"url\": \"https://a.example\", \"name\": \"" + new string('n', 256) + "\"}", "name"),
        ("{\"url\": \"https://a.example\", \"description\": \"" + new string('d', 256) + "\"}", "description"),
        ("{\"url\": \"https://a.example\", \"admin_state_up\": \"yes\"}", "admin_state_up"),
        ("{\"url\": \"https://a.example\", \"secret_hint\": \"x\"}", "secret_hint"),
        ("{\"url\": \"https://a.example\", \"id\": \"whk-mine\"}", "id"),
        ("{\"url\": \"http://169.254.169.254/latest/meta-data\"}", "url"),
        ("{\"url\": \"http://[::ffff:169.254.169.254]/\"}", "url"),
        ("{\"url\": \"http://127.0.0.1:8080/\"}", "url"),
        ("{\"url\": \"http://[::1]:8080/\"}", "url"),
        ("{\"url\": \"http://0.0.0.0/\"}", "url"),
        ("{\"url\": \"http://[fe80::1]/\"}", "url"),
    ];

    [Fact]
    public async Task Create_EveryBadInput_Is400NamingTheFieldAndWritesNothing()
    {
        // One server for every row (the policy as shipped: no --allow-targets), each answer checked on its own.
        await using var server = await RunningServer.StartAsync(options: o => o.AllowTargets = []);
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;

        foreach (var (body, fields) in BadBodies)
        {
            var answer = await client.ApiSendAsync(HttpMethod.Post, Path, body);

            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{body[..Math.Min(body.Length, 120)]}: {answer}");
            Assert.Equal("application/problem+json", answer.MediaType);
            foreach (var field in fields.Split(','))
            {
                Assert.True(answer.ErrorsOf(field).Count > 0, $"{field} not named in {answer.Text}");
            }
        }

        Assert.Equal(0, (await client.ApiGetAsync(Path)).Int("total_count"));
        var notJson = await client.ApiSendAsync(HttpMethod.Post, Path, "url=https://a.example", "application/x-www-form-urlencoded");
        var broken = await client.ApiSendAsync(HttpMethod.Post, Path, "{\"url\": ");
        var array = await client.ApiSendAsync(HttpMethod.Post, Path, "[]");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.Status);
        Assert.Equal(HttpStatusCode.BadRequest, broken.Status);
        Assert.Equal(HttpStatusCode.BadRequest, array.Status);
        Assert.Equal(0, (await client.ApiGetAsync(Path)).Int("total_count"));
    }

    [Fact]
    public async Task TargetPolicy_DefaultRefusesMetadataAndLoopbackNamingTheRule_DenyTargetsRefusesAPrivateNetwork()
    {
        await using var server = await RunningServer.StartAsync(options: o =>
        {
            o.AllowTargets = [];
            o.DenyTargets = ["10.9.0.0/16"];
        });
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;

        var metadata = await client.ApiPostAsync(Path, new { url = "http://169.254.169.254/latest/meta-data/" });
        var loopback = await client.ApiPostAsync(Path, new { url = "http://127.0.0.1:9000/hook" });
        var denied = await client.ApiPostAsync(Path, new { url = "http://10.9.8.7/hook" });
        var privateAllowed = await client.ApiPostAsync(Path, new { url = "http://10.0.0.7/hook" });
        var name = await client.ApiPostAsync(Path, new { url = "http://hooks.internal.example/hook" });
        var movedToMetadata = await client.ApiPutAsync($"{Path}/{privateAllowed.Id}", new { url = "http://169.254.169.254/" });

        Assert.Contains("cloud metadata", Assert.Single(metadata.ErrorsOf("url")), StringComparison.Ordinal);
        Assert.Contains("loopback", Assert.Single(loopback.ErrorsOf("url")), StringComparison.Ordinal);
        Assert.Contains("--allow-targets", Assert.Single(loopback.ErrorsOf("url")), StringComparison.Ordinal);
        Assert.Contains("--deny-targets", Assert.Single(denied.ErrorsOf("url")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, privateAllowed.Status);
        // A host name is checked on its addresses at every connect (the delivery worker), not at write.
        Assert.Equal(HttpStatusCode.Created, name.Status);
        Assert.Equal(HttpStatusCode.BadRequest, movedToMetadata.Status);
        Assert.Equal("http://10.0.0.7/hook", (await client.ApiGetAsync($"{Path}/{privateAllowed.Id}")).Str("url"));
        Assert.Equal(2, (await client.ApiGetAsync(Path)).Int("total_count"));
    }

    [Fact]
    public async Task Update_BadInput_Is400AndChangesNothing_SecretOnlyByRotation()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var created = await client.CreateAsync(Path, new { name = "ops", url = "https://a.example", events = new[] { "test" } });
        var before = await client.ApiGetAsync($"{Path}/{created.Id}");

        var answers = new[]
        {
            (await client.ApiPutAsync($"{Path}/{created.Id}", new { secret = "another-secret-0123456789" }), "secret"),
            (await client.ApiPutAsync($"{Path}/{created.Id}", new { url = "ftp://a.example", name = "changed" }), "url"),
            (await client.ApiPutAsync($"{Path}/{created.Id}", new { events = new[] { "nope" }, name = "changed" }), "events[0]"),
            (await client.ApiPutAsync($"{Path}/{created.Id}", new { states = new[] { "Up" } }), "states[0]"),
            (await client.ApiSendAsync(HttpMethod.Put, $"{Path}/{created.Id}", "{\"url\": null}"), "url"),
            (await client.ApiSendAsync(HttpMethod.Put, $"{Path}/{created.Id}", "{\"project_id\": \"prj-x\"}"), "project_id"),
        };

        foreach (var (answer, field) in answers)
        {
            Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
            Assert.NotEmpty(answer.ErrorsOf(field));
        }

        Assert.Equal(before.Text, (await client.ApiGetAsync($"{Path}/{created.Id}")).Text);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ApiPutAsync($"{Path}/whk-nothing", new { name = "x" })).Status);
    }

    [Fact]
    public async Task ForeignProject_SeesNotFoundEverywhere_AndChangesNothing()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, owner) = await server.CreateProjectAsync("owner");
        var (_, other) = await server.CreateProjectAsync("other");
        using var _ = owner;
        using var __ = other;
        var created = await owner.CreateAsync(Path, new { name = "ops", url = "https://a.example" });
        var item = $"{Path}/{created.Id}";

        Assert.Equal(HttpStatusCode.NotFound, (await other.ApiGetAsync(item)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.ApiPutAsync(item, new { name = "stolen" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.ApiPostAsync($"{item}/rotate-secret", new { })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.ApiDeleteAsync(item)).Status);
        Assert.Equal(0, (await other.ApiGetAsync(Path)).Int("total_count"));
        using var admin = server.Admin();
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.ApiGetAsync(Path)).Status);
        using var anonymous = server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.ApiGetAsync(Path)).Status);

        var kept = await owner.ApiGetAsync(item);
        Assert.Equal(("ops", created.Str("secret_hint")), (kept.Str("name"), kept.Str("secret_hint")));
    }

    [Fact]
    public async Task RotateSecret_NewSecretOnceAndThePreviousSignsUntilItsExpiry()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        await using var server = await RunningServer.StartAsync(configure: s => s.AddSingleton<TimeProvider>(time));
        var (projectId, client) = await server.CreateProjectAsync();
        using var _ = client;
        var created = await client.CreateAsync(Path, new { url = "https://a.example" });
        var first = created.Str("secret");

        var rotated = await client.ApiSendAsync(HttpMethod.Post, $"{Path}/{created.Id}/rotate-secret", null);
        var second = rotated.Str("secret");
        var read = await client.ApiGetAsync($"{Path}/{created.Id}");
        var store = server.Services.GetRequiredService<IStore>();
        var stored = await store.GetWebhookAsync(projectId, created.Id, TestContext.Current.CancellationToken);
        var shortly = await client.ApiPostAsync($"{Path}/{created.Id}/rotate-secret", new { previous_secret_expires_in = 60 });
        var now = await client.ApiPostAsync($"{Path}/{created.Id}/rotate-secret", new { previous_secret_expires_in = 0 });

        Assert.Equal(HttpStatusCode.OK, rotated.Status);
        Assert.True(WebhookSecrets.IsWellFormed(second));
        Assert.NotEqual(first, second);
        Assert.Equal(time.GetUtcNow().AddDays(1), rotated.Body.GetProperty("previous_secret_expires_at").GetDateTimeOffset());
        Assert.False(read.Body.TryGetProperty("secret", out var _));
        Assert.Equal("whsec_…" + second[^4..], read.Str("secret_hint"));
        Assert.Equal(rotated.Body.GetProperty("previous_secret_expires_at").GetDateTimeOffset(),
            read.Body.GetProperty("previous_secret_expires_at").GetDateTimeOffset());
        Assert.Equal([second, first], stored!.SigningSecrets(time.GetUtcNow().AddHours(23)));
        Assert.Equal([second], stored.SigningSecrets(time.GetUtcNow().AddDays(1)));
        Assert.Equal(time.GetUtcNow().AddSeconds(60), shortly.Body.GetProperty("previous_secret_expires_at").GetDateTimeOffset());
        var last = (await store.GetWebhookAsync(projectId, created.Id, TestContext.Current.CancellationToken))!;
        Assert.Equal([now.Str("secret")], last.SigningSecrets(time.GetUtcNow()));
        Assert.Equal(shortly.Str("secret"), last.PreviousSecret);
    }

    [Fact]
    public async Task RotateSecret_BadBodies_Are400AndKeepTheSecret()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        using var _ = client;
        var created = await client.CreateAsync(Path, new { url = "https://a.example" });
        var rotate = $"{Path}/{created.Id}/rotate-secret";

        var answers = new[]
        {
            (await client.ApiPostAsync(rotate, new { previous_secret_expires_in = -1 }), "previous_secret_expires_in"),
            (await client.ApiPostAsync(rotate, new { previous_secret_expires_in = 604_801 }), "previous_secret_expires_in"),
            (await client.ApiPostAsync(rotate, new { previous_secret_expires_in = "1h" }), "previous_secret_expires_in"),
            (await client.ApiPostAsync(rotate, new { secret = "my-own-secret-0123456789" }), "secret"),
            (await client.ApiSendAsync(HttpMethod.Post, rotate, "{\"previous_secret_expires_in\": 1e99}"), "previous_secret_expires_in"),
            (await client.ApiSendAsync(HttpMethod.Post, rotate, "[1]"), "body"),
        };
        var unknown = await client.ApiPostAsync($"{Path}/whk-nothing/rotate-secret", new { });

        foreach (var (answer, field) in answers)
        {
            Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
            Assert.NotEmpty(answer.ErrorsOf(field));
        }

        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        var stored = await server.Services.GetRequiredService<IStore>().GetWebhookAsync(projectId, created.Id, TestContext.Current.CancellationToken);
        Assert.Equal((created.Str("secret"), (string?)null), (stored!.Secret, stored.PreviousSecret));
        var webhooks = await server.Services.GetRequiredService<IStore>().ListWebhooksAsync(projectId, WebhookFilter.All, new PageRequest(0, 10),
            TestContext.Current.CancellationToken);
        Assert.Single(webhooks.Items);
    }

    [Fact]
    public async Task Secrets_AreNotInTheDatabaseFiles_AndTheStoreReadsThemAfterARestart()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        using var _ = client;
        var generated = await client.CreateAsync(Path, new { url = "https://a.example" });
        var own = await client.CreateAsync(Path, new { url = "https://b.example", secret = "my-own-secret-0123456789" });
        var rotated = await client.ApiPostAsync($"{Path}/{generated.Id}/rotate-secret", new { previous_secret_expires_in = 3600 });
        var secrets = new[] { generated.Str("secret"), own.Str("secret"), rotated.Str("secret") };

        // While the server runs the rows are in the WAL; both files are read as they are on disk.
        var database = System.IO.Path.Combine(server.DataDir, "vitals.db");
        Assert.Empty(Secrets.LegacyCredentials.FoundIn(secrets, database, database + "-wal"));
        await server.RestartAsync();
        Assert.Empty(Secrets.LegacyCredentials.FoundIn(secrets, database, database + "-wal"));

        var store = server.Services.GetRequiredService<IStore>();
        var first = await store.GetWebhookAsync(projectId, generated.Id, TestContext.Current.CancellationToken);
        var second = await store.GetWebhookAsync(projectId, own.Id, TestContext.Current.CancellationToken);
        Assert.Equal((secrets[2], secrets[0]), (first!.Secret, first.PreviousSecret));
        Assert.Equal(secrets[1], second!.Secret);
    }

    [Fact]
    public async Task OpenApiDocument_HasTheWebhookAndAlertmanagerOperations()
    {
        await using var server = await RunningServer.StartAsync();
        using var anonymous = server.Anonymous();

        var document = await anonymous.ApiGetAsync("/openapi/v1.json");

        var paths = document.Body.GetProperty("paths");
        foreach (var plural in new[] { "webhooks", "alertmanagers" })
        {
            Assert.True(paths.GetProperty($"/api/v1/{plural}").TryGetProperty("post", out _), plural);
            Assert.True(paths.GetProperty($"/api/v1/{plural}").TryGetProperty("get", out _), plural);
            foreach (var method in new[] { "get", "put", "delete" })
            {
                Assert.True(paths.GetProperty($"/api/v1/{plural}/{{id}}").TryGetProperty(method, out _), $"{method} {plural}");
            }
        }

        var rotate = paths.GetProperty("/api/v1/webhooks/{id}/rotate-secret").GetProperty("post");
        Assert.Equal("RotateWebhookSecret", rotate.GetProperty("operationId").GetString());
        var schemas = document.Body.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("WebhookDto").GetProperty("properties").TryGetProperty("secret_hint", out _));
        Assert.True(schemas.GetProperty("WebhookInput").GetProperty("properties").TryGetProperty("events", out _));
        Assert.True(schemas.GetProperty("RotateWebhookSecretInput").GetProperty("properties").TryGetProperty("previous_secret_expires_in", out _));
        Assert.True(schemas.GetProperty("AlertmanagerDto").GetProperty("properties").TryGetProperty("url", out _));
    }

    private static List<string> Ids(ApiAnswer page) =>
        [.. page.Body.GetProperty("webhooks").EnumerateArray().Select(w => w.GetProperty("id").GetString()!)];

    private static List<string> Strings(ApiAnswer answer, string field) =>
        [.. answer.Body.GetProperty(field).EnumerateArray().Select(e => e.GetString()!)];
}
