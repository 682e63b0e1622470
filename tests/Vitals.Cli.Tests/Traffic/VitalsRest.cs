using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Traffic;

/// <summary>The native REST calls the end-to-end tests make, with the project's token, as an operator would.</summary>
internal sealed class VitalsRest : IDisposable
{
    private readonly HttpClient _http;

    public VitalsRest(CliTestServer server)
    {
        _http = new HttpClient { BaseAddress = new Uri(server.Url), Timeout = TimeSpan.FromSeconds(10) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token);
    }

    /// <summary>The pool named <paramref name="name"/>: its id and its load balancer's.</summary>
    public async Task<(string Id, string LoadBalancerId)> PoolAsync(string name)
    {
        using var pools = JsonDocument.Parse(await _http.GetStringAsync("/api/v1/pools", TestContext.Current.CancellationToken));
        var pool = pools.RootElement.GetProperty("pools").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);
        return (pool.GetProperty("id").GetString()!, pool.GetProperty("loadbalancer_id").GetString()!);
    }

    /// <summary><c>PUT /api/v1/pools/{id} {"min_healthy_percent": N}</c>; the answer must be 200.</summary>
    public async Task SetMinHealthyPercentAsync(string poolId, int percent)
    {
        using var response = await _http.PutAsJsonAsync($"/api/v1/pools/{poolId}", new Dictionary<string, int> { ["min_healthy_percent"] = percent },
            TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary><c>POST /api/v1/haproxy-bindings</c> for the load balancer and runtime API; the binding's id.</summary>
    public async Task<string> CreateBindingAsync(string loadBalancerId, string runtimeApi)
    {
        using var response = await _http.PostAsJsonAsync("/api/v1/haproxy-bindings",
            new Dictionary<string, string> { ["name"] = "e2e", ["loadbalancer_id"] = loadBalancerId, ["runtime_api"] = runtimeApi },
            TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>The binding's <c>sync</c> status (a clone), or null before the first sync.</summary>
    public async Task<JsonElement?> SyncAsync(string bindingId)
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync($"/api/v1/haproxy-bindings/{bindingId}", TestContext.Current.CancellationToken));
        var sync = doc.RootElement.GetProperty("sync");
        return sync.ValueKind == JsonValueKind.Object ? sync.Clone() : null;
    }

    /// <summary>Polls <c>GET /api/v1/rotation?pool_id=…</c> every 20 ms until the member's rotation is <paramref name="rotation"/> (at most 30 s).</summary>
    public async Task UntilRotationAsync(string poolId, string member, string rotation)
    {
        var started = Stopwatch.GetTimestamp();
        var last = "";
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30))
        {
            using var doc = JsonDocument.Parse(await _http.GetStringAsync($"/api/v1/rotation?pool_id={poolId}", TestContext.Current.CancellationToken));
            var row = doc.RootElement.GetProperty("pools")[0].GetProperty("members").EnumerateArray()
                .Single(m => m.GetProperty("name").GetString() == member);
            last = row.GetProperty("rotation").GetString()!;
            if (last == rotation)
            {
                return;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"{member}'s rotation stayed '{last}', never '{rotation}'");
    }

    public void Dispose() => _http.Dispose();
}
