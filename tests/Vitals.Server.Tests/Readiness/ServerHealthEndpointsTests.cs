using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vitals.Engine;
using Vitals.Server.Readiness;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Readiness;

/// <summary>
/// <c>/healthz</c>, <c>/livez</c> and <c>/readyz</c> on a real server: anonymous, 200 while everything works, 503 naming
/// the failing check when one fails, and never a word of the fleet (names, addresses, ids) in either answer.
/// </summary>
public sealed class ServerHealthEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/livez")]
    public async Task Liveness_Anonymous_Answers200PlainText(string path)
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.Anonymous();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("[+]ping ok\nhealthz check passed\n", body);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Readyz_AnonymousWithAFleet_Answers200WithEveryCheckAndNoFleetData()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, owner) = await server.CreateProjectAsync("secret-project-name");
        using var _ = owner;
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync();
        var pool = await fleet.PoolAsync(lb);
        var member = await fleet.MemberAsync(pool, FleetBackends.ClosedPort());
        using var client = server.Anonymous();

        using var text = await client.GetAsync(new Uri("/readyz", UriKind.Relative), Ct);
        var textBody = await text.Content.ReadAsStringAsync(Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/readyz");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var json = await client.SendAsync(request, Ct);
        var jsonBody = await json.Content.ReadAsStringAsync(Ct);
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/readyz"), Ct);

        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        Assert.Equal("[+]store ok\n[+]engine ok\n[+]shutdown ok\nreadyz check passed\n", textBody);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(jsonBody);
        Assert.Equal("ok", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal(["store", "engine", "shutdown"],
            doc.RootElement.GetProperty("checks").EnumerateArray().Select(static c => c.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        foreach (var secret in (string[])["secret-project-name", projectId, pool.Id, member.Id, "127.0.0.1", server.DataDir])
        {
            Assert.DoesNotContain(secret, textBody, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, jsonBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Readyz_EngineStopped_Answers503NamingTheEngine_WhileHealthzStays200()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/readyz")).Status);

        await server.Services.GetRequiredService<HealthEngine>().StopAsync();
        var (status, body) = await UntilAsync(client, "/readyz", static s => s == HttpStatusCode.ServiceUnavailable);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("[+]store ok\n[-]engine failed: not running\n[+]shutdown ok\nreadyz check failed\n", body);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/healthz")).Status);
    }

    /// <summary>GETs <paramref name="path"/> until <paramref name="until"/> holds or 15 s pass (readiness reuses a verdict for a second).</summary>
    internal static async Task<(HttpStatusCode Status, string Body)> UntilAsync(HttpClient client, string path, Func<HttpStatusCode, bool> until,
        string? bodyContains = null)
    {
        var clock = Stopwatch.StartNew();
        (HttpStatusCode Status, string Body) last;
        do
        {
            last = await GetAsync(client, path);
            if (until(last.Status) && (bodyContains is null || last.Body.Contains(bodyContains, StringComparison.Ordinal)))
            {
                return last;
            }

            await Task.Delay(ServerReadiness.ReuseFor / 4, Ct);
        }
        while (clock.Elapsed < TimeSpan.FromSeconds(15));

        return last;
    }

    internal static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }
}
