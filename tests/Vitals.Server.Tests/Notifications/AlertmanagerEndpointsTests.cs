using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;
using Vitals.Storage;
using Vitals.Storage.Filters;

namespace Vitals.Server.Tests.Notifications;

/// <summary><c>/api/v1/alertmanagers</c>: a project's Alertmanagers, as the pusher reads them from the store.</summary>
public sealed class AlertmanagerEndpointsTests
{
    private const string Path = "/api/v1/alertmanagers";

    [Fact]
    public async Task RoundTrip_ListedForThePusher_UpdatedAndDeleted()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        using var c = client;

        var created = await client.CreateAsync(Path, new { name = "am-1", url = "http://10.0.0.5:9093" });
        var second = await client.CreateAsync(Path, new { name = "am-2", url = "https://am.example/alertmanager", description = "behind a proxy", admin_state_up = false });
        var updated = await client.ApiPutAsync($"{Path}/{created.Id}", new { description = "primary" });
        var enabled = await server.Services.GetRequiredService<IStore>().ListAlertmanagersAsync(null, AlertmanagerFilter.All with { AdminStateUp = true },
            new PageRequest(0, 10), TestContext.Current.CancellationToken);
        var byName = await client.ApiGetAsync($"{Path}?name=am-2");

        Assert.StartsWith("am-", created.Id, StringComparison.Ordinal);
        Assert.Equal((projectId, "am-1", "", "http://10.0.0.5:9093"), (created.Str("project_id"), created.Str("name"), created.Str("description"), created.Str("url")));
        Assert.True(created.Body.GetProperty("admin_state_up").GetBoolean());
        Assert.False(second.Body.GetProperty("admin_state_up").GetBoolean());
        Assert.Equal(("am-1", "primary", "http://10.0.0.5:9093"), (updated.Str("name"), updated.Str("description"), updated.Str("url")));
        Assert.Equal(created.Id, Assert.Single(enabled.Items).Id);
        Assert.Equal(second.Id, byName.Body.GetProperty("alertmanagers")[0].GetProperty("id").GetString());
        Assert.Equal(1, byName.Int("total_count"));
        Assert.Equal(HttpStatusCode.Conflict, (await client.ApiPostAsync(Path, new { name = "am-1", url = "http://10.0.0.6:9093" })).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await client.ApiDeleteAsync($"{Path}/{created.Id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ApiGetAsync($"{Path}/{created.Id}")).Status);
        Assert.Equal(1, (await client.ApiGetAsync(Path)).Int("total_count"));
    }

    [Fact]
    public async Task BadInputPolicyAndForeignProject_4xxAndNothingChanges()
    {
        await using var server = await RunningServer.StartAsync(options: o => o.AllowTargets = []);
        var (_, client) = await server.CreateProjectAsync("owner");
        var (_, other) = await server.CreateProjectAsync("other");
        using var c = client;
        using var o = other;
        var created = await client.CreateAsync(Path, new { name = "am", url = "http://10.0.0.5:9093" });
        (string Body, string Field)[] bad =
        [
            ("{}", "url"),
            ("{\"url\": \"10.0.0.5:9093\"}", "url"),
            ("{\"url\": \"http://10.0.0.5:9093/?x=1\"}", "url"),
            ("{\"url\": \"http://10.0.0.5:9093/#x\"}", "url"),
            ("{\"url\": \"http://u:p@10.0.0.5:9093/\"}", "url"),
            ("{\"url\": \"http://169.254.169.254/\"}", "url"),
            ("{\"url\": \"http://127.0.0.1:9093/\"}", "url"),
            ("{\"url\": \"http://10.0.0.5:9093\", \"name\": 5}", "name"),
            ("{\"url\": \"http://10.0.0.5:9093\", \"events\": []}", "events"),
        ];

        foreach (var (body, field) in bad)
        {
            var answer = await client.ApiSendAsync(HttpMethod.Post, Path, body);
            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{body}: {answer}");
            Assert.NotEmpty(answer.ErrorsOf(field));
        }

        var badUpdate = await client.ApiPutAsync($"{Path}/{created.Id}", new { url = "http://[::1]:9093/", name = "changed" });
        Assert.Equal(HttpStatusCode.BadRequest, badUpdate.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.ApiGetAsync($"{Path}/{created.Id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.ApiPutAsync($"{Path}/{created.Id}", new { name = "stolen" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.ApiDeleteAsync($"{Path}/{created.Id}")).Status);
        Assert.Equal(0, (await other.ApiGetAsync(Path)).Int("total_count"));
        var kept = await client.ApiGetAsync($"{Path}/{created.Id}");
        Assert.Equal(("am", "http://10.0.0.5:9093"), (kept.Str("name"), kept.Str("url")));
        Assert.Equal(1, (await client.ApiGetAsync(Path)).Int("total_count"));
    }
}
