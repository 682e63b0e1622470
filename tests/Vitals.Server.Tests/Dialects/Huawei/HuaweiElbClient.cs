using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vitals.Server.Tests.Dialects.Huawei;

/// <summary>
/// A Huawei ELB v3 client written from huawei-elb-v3.md (Huawei's SDKs do not install here): <c>X-Auth-Token</c>,
/// <c>/v3/{project_id}/elb/...</c> paths, wrapper objects, snake_case bodies, repeated query keys for multi-valued filters.
/// </summary>
internal sealed class HuaweiElbClient(Uri baseAddress, string? token, string projectId) : IDisposable
{
    private static readonly JsonSerializerOptions BodyJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public string ProjectId { get; } = projectId;

    public Task<HuaweiAnswer> ListHealthMonitorsAsync(params (string Key, string Value)[] query) =>
        SendAsync(HttpMethod.Get, "healthmonitors" + Query(query), null);

    public Task<HuaweiAnswer> CreateHealthMonitorAsync(object healthmonitor) => SendAsync(HttpMethod.Post, "healthmonitors", new { healthmonitor });

    public Task<HuaweiAnswer> ShowHealthMonitorAsync(string id) => SendAsync(HttpMethod.Get, $"healthmonitors/{id}", null);

    public Task<HuaweiAnswer> UpdateHealthMonitorAsync(string id, object healthmonitor) =>
        SendAsync(HttpMethod.Put, $"healthmonitors/{id}", new { healthmonitor });

    public Task<HuaweiAnswer> DeleteHealthMonitorAsync(string id) => SendAsync(HttpMethod.Delete, $"healthmonitors/{id}", null);

    public Task<HuaweiAnswer> CreatePoolAsync(object pool) => SendAsync(HttpMethod.Post, "pools", new { pool });

    public Task<HuaweiAnswer> ShowPoolAsync(string id) => SendAsync(HttpMethod.Get, $"pools/{id}", null);

    public Task<HuaweiAnswer> ListPoolsAsync(params (string Key, string Value)[] query) => SendAsync(HttpMethod.Get, "pools" + Query(query), null);

    public Task<HuaweiAnswer> CreateMemberAsync(string poolId, object member) => SendAsync(HttpMethod.Post, $"pools/{poolId}/members", new { member });

    public Task<HuaweiAnswer> ShowMemberAsync(string poolId, string id) => SendAsync(HttpMethod.Get, $"pools/{poolId}/members/{id}", null);

    public Task<HuaweiAnswer> ListMembersAsync(string poolId, params (string Key, string Value)[] query) =>
        SendAsync(HttpMethod.Get, $"pools/{poolId}/members" + Query(query), null);

    /// <summary>A request with a body sent as it is (for malformed input).</summary>
    public Task<HuaweiAnswer> SendRawAsync(HttpMethod method, string relative, string json) => SendCoreAsync(method, relative, json);

    public Task<HuaweiAnswer> SendAsync(HttpMethod method, string relative, object? body) =>
        SendCoreAsync(method, relative, body is null ? null : JsonSerializer.Serialize(body, BodyJson));

    public void Dispose() => _http.Dispose();

    private async Task<HuaweiAnswer> SendCoreAsync(HttpMethod method, string relative, string? json)
    {
        using var request = new HttpRequestMessage(method, $"/v3/{ProjectId}/elb/{relative}");
        if (token is not null)
        {
            request.Headers.Add("X-Auth-Token", token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var requestId = response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.First() : null;
        var parsed = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new HuaweiAnswer(response.StatusCode, parsed, text, requestId);
    }

    private static string Query((string Key, string Value)[] query) =>
        query.Length == 0 ? "" : "?" + string.Join("&", query.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value)));
}
