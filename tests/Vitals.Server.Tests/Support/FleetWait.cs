using System.Diagnostics;
using System.Text.Json;

namespace Vitals.Server.Tests.Support;

/// <summary>Polls the live-status API until a condition holds, within a bounded time (never a fixed sleep).</summary>
public static class FleetWait
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>GETs <paramref name="path"/> every 100 ms until <paramref name="until"/> holds; fails with the last answer.</summary>
    public static async Task<JsonElement> UntilAsync(HttpClient client, string path, Func<JsonElement, bool> until, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? DefaultTimeout;
        var last = "";
        while (deadline.Elapsed < limit)
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}";
            if (response.IsSuccessStatusCode)
            {
                var root = JsonDocument.Parse(last[4..]).RootElement.Clone();
                if (until(root))
                {
                    return root;
                }
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"GET {path}: condition not met within {limit.TotalSeconds} s; last answer: {last}");
        return default;
    }

    /// <summary>Waits until the member's state is <paramref name="state"/>.</summary>
    public static Task<JsonElement> StateAsync(HttpClient client, string memberId, string state, TimeSpan? timeout = null) =>
        UntilAsync(client, $"/api/v1/members/{memberId}/health", h => h.GetProperty("state").GetString() == state, timeout);

    public static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
