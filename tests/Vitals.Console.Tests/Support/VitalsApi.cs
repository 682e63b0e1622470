using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vitals.Console.Tests.Support;

/// <summary>The REST API (docs/api.md) with one token: how the tests seed the fleet and check what the console did.</summary>
internal sealed class VitalsApi : IDisposable
{
    private readonly HttpClient _http;

    public VitalsApi(string url, string token)
    {
        // Enough connections for bounded parallel seeding; every call has a timeout.
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromSeconds(30),
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Creates a project with the admin token and answers its project token.</summary>
    public static async Task<string> CreateProjectAsync(VitalsProcess server, string name, CancellationToken cancellationToken)
    {
        using var admin = new VitalsApi(server.Url, server.AdminToken);
        using var project = await admin.PostAsync("/api/v1/projects", new { name }, cancellationToken);
        return project.RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>POSTs <paramref name="body"/> and answers the created resource; anything but 2xx fails with the body.</summary>
    public async Task<JsonDocument> PostAsync(string path, object body, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(path, body, cancellationToken);
        return await ReadSuccessAsync(response, cancellationToken);
    }

    /// <summary>POSTs and answers only the new resource's id.</summary>
    public async Task<string> CreateAsync(string kind, object body, CancellationToken cancellationToken)
    {
        using var created = await PostAsync($"/api/v1/{kind}", body, cancellationToken);
        return created.RootElement.GetProperty("id").GetString()!;
    }

    public async Task<JsonDocument> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        return await ReadSuccessAsync(response, cancellationToken);
    }

    /// <summary>PUTs <paramref name="body"/> and answers the status and body whatever they are (tests expect refusals too).</summary>
    public async Task<(HttpStatusCode Status, JsonDocument Body)> PutAsync(string path, object body, CancellationToken cancellationToken)
    {
        using var response = await _http.PutAsJsonAsync(path, body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, JsonDocument.Parse(text.Length == 0 ? "{}" : text));
    }

    /// <summary>The member's live health (<c>GET /api/v1/members/{id}/health</c>).</summary>
    public Task<JsonDocument> MemberHealthAsync(string memberId, CancellationToken cancellationToken)
        => GetAsync($"/api/v1/members/{memberId}/health", cancellationToken);

    /// <summary>Polls the member's health until its state is <paramref name="state"/> (at most <paramref name="within"/>).</summary>
    public async Task WaitForStateAsync(string memberId, string state, TimeSpan within, CancellationToken cancellationToken)
    {
        var last = "";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            using (var health = await MemberHealthAsync(memberId, cancellationToken))
            {
                last = health.RootElement.GetProperty("state").GetString()!;
            }

            if (last == state)
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"member {memberId} stayed {last}, expected {state} within {within.TotalSeconds} s");
    }

    private static async Task<JsonDocument> ReadSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text);
    }

    public void Dispose() => _http.Dispose();
}
