using System.Net;
using System.Text;
using System.Text.Json;

namespace Vitals.Server.Tests.Api;

/// <summary>An answer of the API: status, content type and the JSON body (undefined when empty).</summary>
public sealed record ApiAnswer(HttpStatusCode Status, string? MediaType, JsonElement Body, string Text)
{
    public string Id => Body.GetProperty("id").GetString()!;

    public string Str(string field) => Body.GetProperty(field).GetString()!;

    public int Int(string field) => Body.GetProperty(field).GetInt32();

    /// <summary>The messages problem+json gives for <paramref name="field"/> in <c>errors</c>.</summary>
    public IReadOnlyList<string> ErrorsOf(string field) =>
        Body.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var list)
            ? [.. list.EnumerateArray().Select(e => e.GetString()!)]
            : [];

    public override string ToString() => $"{(int)Status} {MediaType} {Text}";
}

/// <summary>Small JSON helpers over HttpClient for the resource API tests.</summary>
public static class ApiCall
{
    public static Task<ApiAnswer> ApiPostAsync(this HttpClient client, string path, object body) =>
        ApiSendAsync(client, HttpMethod.Post, path, JsonSerializer.Serialize(body));

    public static Task<ApiAnswer> ApiPutAsync(this HttpClient client, string path, object body) =>
        ApiSendAsync(client, HttpMethod.Put, path, JsonSerializer.Serialize(body));

    public static Task<ApiAnswer> ApiGetAsync(this HttpClient client, string path) => ApiSendAsync(client, HttpMethod.Get, path, null);

    public static Task<ApiAnswer> ApiDeleteAsync(this HttpClient client, string path) => ApiSendAsync(client, HttpMethod.Delete, path, null);

    /// <summary>Sends <paramref name="json"/> as it is (for malformed bodies), with <paramref name="contentType"/>.</summary>
    public static async Task<ApiAnswer> ApiSendAsync(this HttpClient client, HttpMethod method, string path, string? json,
        string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new ApiAnswer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, text);
    }

    /// <summary>Asserts a created resource (201) and returns it.</summary>
    public static async Task<ApiAnswer> CreateAsync(this HttpClient client, string path, object body)
    {
        var answer = await client.ApiPostAsync(path, body);
        Assert.True(answer.Status == HttpStatusCode.Created, $"POST {path}: {answer}");
        return answer;
    }

    /// <summary>A load balancer, a TCP listener on <paramref name="port"/> and a pool of <paramref name="protocol"/> on that listener.</summary>
    public static async Task<(string Lb, string Listener, string Pool)> FleetAsync(this HttpClient client, string protocol = "TCP",
        int port = 80)
    {
        var lb = await client.CreateAsync("/api/v1/loadbalancers", new { name = "" });
        var listener = await client.CreateAsync("/api/v1/listeners", new { loadbalancer_id = lb.Id, protocol = "TCP", protocol_port = port });
        var pool = await client.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb.Id, listener_id = listener.Id, protocol });
        return (lb.Id, listener.Id, pool.Id);
    }
}
