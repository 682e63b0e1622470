using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Vitals.Cli.Client;

/// <summary>
/// The native REST API (<c>/api/v1</c>, docs/api.md) as the CLI uses it. Resources travel as <see cref="JsonObject"/>
/// (the CLI diffs and prints them field by field with the API's own names); live status is read into typed records
/// through <see cref="ClientJsonContext"/>. Errors become <see cref="ApiException"/> (4xx) or
/// <see cref="ServerUnreachableException"/> (connection refused, timeout, 5xx).
/// </summary>
internal sealed class VitalsClient : IDisposable
{
    /// <summary>The API's largest page: apply and get read whole kinds with few requests.</summary>
    public const int PageLimit = 1000;

    private const int MaxPages = 10_000;

    private readonly HttpClient _http;

    public VitalsClient(ServerConfig config, TimeSpan requestTimeout)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) })
        {
            BaseAddress = config.Server,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        RequestTimeout = requestTimeout;
        if (config.Token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config.Token);
        }
    }

    public ServerConfig Config { get; }

    public TimeSpan RequestTimeout { get; }

    public async Task<JsonObject> GetAsync(string path, CancellationToken cancellationToken) =>
        AsObject(await SendAsync(HttpMethod.Get, path, null, cancellationToken), path);

    public async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var text = await SendAsync(HttpMethod.Get, path, null, cancellationToken);
        try
        {
            return JsonSerializer.Deserialize(text, type) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new ServerUnreachableException($"{Config.Server} answered {path} with unexpected JSON: {e.Message}", e);
        }
    }

    /// <summary>Every resource of <paramref name="kind"/> (e.g. <c>members</c>) matching <paramref name="query"/>, oldest first.</summary>
    public async Task<List<JsonObject>> ListAsync(string kind, string? query, CancellationToken cancellationToken)
    {
        var all = new List<JsonObject>();
        string? marker = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var path = $"/api/v1/{kind}?limit={PageLimit}" + (query is null ? "" : "&" + query)
                + (marker is null ? "" : "&marker=" + Uri.EscapeDataString(marker));
            var body = await GetAsync(path, cancellationToken);
            // The list's key is the path's kind in snake case (haproxy-bindings → haproxy_bindings).
            if (body[kind.Replace('-', '_')] is JsonArray items)
            {
                foreach (var item in items)
                {
                    if (item is JsonObject resource)
                    {
                        all.Add(resource);
                    }
                }

                items.Clear(); // detaches them, so a caller may put them in documents of its own
            }

            marker = body["next_marker"]?.GetValue<string>();
            if (marker is null)
            {
                break;
            }
        }

        return all;
    }

    public async Task<JsonObject> PostAsync(string path, JsonObject? body, CancellationToken cancellationToken) =>
        AsObject(await SendAsync(HttpMethod.Post, path, body, cancellationToken), path);

    public async Task<JsonObject> PutAsync(string path, JsonObject body, CancellationToken cancellationToken) =>
        AsObject(await SendAsync(HttpMethod.Put, path, body, cancellationToken), path);

    public async Task DeleteAsync(string path, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Delete, path, null, cancellationToken);

    /// <summary>Opens <c>/api/v1/events</c>; the caller reads lines from the stream until it is done.</summary>
    public async Task<HttpResponseMessage> OpenEventsAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        HttpResponseMessage response;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(RequestTimeout);
            response = await CallAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token, cancellationToken);
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await ErrorOfAsync(response, cancellationToken);
            }
        }

        return response;
    }

    public void Dispose() => _http.Dispose();

    private async Task<string> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        using var response = await CallAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorOfAsync(response, cancellationToken);
        }

        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private async Task<HttpResponseMessage> CallAsync(HttpRequestMessage request, HttpCompletionOption completion,
        CancellationToken requestToken, CancellationToken callerToken)
    {
        try
        {
            return await _http.SendAsync(request, completion, requestToken);
        }
        catch (OperationCanceledException e) when (!callerToken.IsCancellationRequested)
        {
            throw new ServerUnreachableException(
                $"{Config.Server} did not answer {request.Method} {request.RequestUri} within {RequestTimeout.TotalSeconds:0} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new ServerUnreachableException($"cannot reach the server at {Config.Server} (from {Config.Source}): {e.Message}", e);
        }
    }

    private async Task<Exception> ErrorOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonObject? problem = null;
        try
        {
            problem = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            // not problem+json (a proxy's page): the status alone is reported
        }

        var title = problem?["title"]?.GetValue<string>() ?? response.ReasonPhrase ?? "error";
        var detail = problem?["detail"]?.GetValue<string>();
        if ((int)response.StatusCode >= 500)
        {
            return new ServerUnreachableException($"the server at {Config.Server} failed: {(int)response.StatusCode} {title} {detail}".TrimEnd());
        }

        var errors = new List<KeyValuePair<string, string>>();
        if (problem?["errors"] is JsonObject byField)
        {
            foreach (var (field, messages) in byField)
            {
                if (messages is JsonArray list)
                {
                    foreach (var message in list)
                    {
                        errors.Add(new(field, message?.ToString() ?? ""));
                    }
                }
            }
        }

        return new ApiException(response.StatusCode, title, detail, errors);
    }

    private JsonObject AsObject(string text, string path)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            throw new ServerUnreachableException($"{Config.Server} answered {path} with something that is not a JSON object: {e.Message}", e);
        }
    }

    /// <summary>True for statuses that mean "the thing asked for does not exist".</summary>
    public static bool IsNotFound(ApiException e) => e?.Status == HttpStatusCode.NotFound;
}
