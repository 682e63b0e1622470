using System.Net;
using System.Text.Json;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.EndToEnd;

/// <summary>
/// Helpers of the end-to-end tests, over the public REST API only: resource creation, member health reads and
/// waits that use the fleet's own checks as their clock (never a fixed sleep).
/// </summary>
public static class EndToEndFleet
{
    /// <summary>The monitor of the acceptance scenario: HTTP <c>GET /health</c> every second, rise 1, fall 1.</summary>
    public static object HttpMonitor(string poolId) => new
    {
        pool_id = poolId,
        type = "HTTP",
        delay = 1,
        timeout = 1,
        max_retries = 1,
        max_retries_down = 1,
        url_path = "/health",
    };

    public static async Task<string> MemberAsync(HttpClient client, string poolId, int port, string name) =>
        (await client.CreateAsync("/api/v1/members", new { pool_id = poolId, address = "127.0.0.1", protocol_port = port, name })).Id;

    public static Task<JsonElement> HealthAsync(HttpClient client, string memberId) =>
        FleetWait.GetAsync(client, $"/api/v1/members/{memberId}/health");

    /// <summary>Waits until the member is <paramref name="state"/> with <paramref name="reason"/> (null: a passing last check).</summary>
    public static Task<JsonElement> VerdictAsync(HttpClient client, string memberId, string state, string? reason) =>
        FleetWait.UntilAsync(client, $"/api/v1/members/{memberId}/health",
            h => h.GetProperty("state").GetString() == state && h.GetProperty("reason_code").GetString() == reason);

    /// <summary>
    /// Waits until <paramref name="memberId"/>'s counter <paramref name="counter"/> (<c>consecutive_passes</c> or
    /// <c>consecutive_failures</c>) exceeds <paramref name="above"/>: proof that checks ran since it read that value.
    /// </summary>
    public static Task<JsonElement> CountPastAsync(HttpClient client, string memberId, string counter, int above) =>
        FleetWait.UntilAsync(client, $"/api/v1/members/{memberId}/health", h => h.GetProperty(counter).GetInt32() > above);

    public static long SinceMs(JsonElement health) => health.GetProperty("since").GetDateTimeOffset().ToUnixTimeMilliseconds();

    public static string State(JsonElement health) => health.GetProperty("state").GetString()!;

    /// <summary>The listener's only pool in <c>GET /api/v1/listeners/{id}/health</c>.</summary>
    public static async Task<JsonElement> ListenerPoolAsync(HttpClient client, string listenerId)
    {
        var listener = await FleetWait.GetAsync(client, $"/api/v1/listeners/{listenerId}/health");
        Assert.Equal(1, listener.GetProperty("pools").GetArrayLength());
        return listener.GetProperty("pools")[0];
    }

    /// <summary>The reason code the listener health lists for <paramref name="memberId"/>, or null when it is not listed.</summary>
    public static string? ListedReason(JsonElement pool, string memberId)
    {
        foreach (var entry in pool.GetProperty("non_healthy").EnumerateArray())
        {
            if (entry.GetProperty("member_id").GetString() == memberId)
            {
                return entry.GetProperty("reason_code").GetString();
            }
        }

        return null;
    }

    public static async Task AssertGoneAsync(HttpClient client, string path)
    {
        var answer = await client.ApiGetAsync(path);
        Assert.True(answer.Status == HttpStatusCode.NotFound, $"GET {path}: {answer}");
    }
}
