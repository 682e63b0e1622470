using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Vitals.Server.Tests.Support;

/// <summary>
/// A real <c>vitals serve</c> on 127.0.0.1 (an ephemeral port) with a fresh SQLite file in a temp data directory.
/// <see cref="RestartAsync"/> stops it and starts a new one on the same data directory.
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    public const string AdminToken = "test-admin-token";

    private readonly Action<IServiceCollection>? _configure;
    private WebApplication _app;

    private RunningServer(string dataDir, WebApplication app, Uri baseAddress, Action<IServiceCollection>? configure)
    {
        DataDir = dataDir;
        _app = app;
        BaseAddress = baseAddress;
        _configure = configure;
    }

    public string DataDir { get; }

    public Uri BaseAddress { get; private set; }

    public IServiceProvider Services => _app.Services;

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static async Task<RunningServer> StartAsync(Action<IServiceCollection>? configure = null, string? dataDir = null)
    {
        dataDir ??= Directory.CreateTempSubdirectory("vitals-test-").FullName;
        var (app, address) = await LaunchAsync(dataDir, configure);
        return new RunningServer(dataDir, app, address, configure);
    }

    /// <summary>A client with no credential.</summary>
    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A client sending <paramref name="token"/> as a bearer token.</summary>
    public HttpClient WithToken(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Admin() => WithToken(AdminToken);

    /// <summary>Creates a project through the API; returns its id and a client holding its token.</summary>
    public async Task<(string ProjectId, HttpClient Client)> CreateProjectAsync(string name = "test")
    {
        using var admin = Admin();
        using var response = await admin.PostAsJsonAsync("/api/v1/projects", new { name }, Json);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = doc.RootElement.GetProperty("project").GetProperty("id").GetString()!;
        var token = doc.RootElement.GetProperty("token").GetString()!;
        return (id, WithToken(token));
    }

    /// <summary>Stops this server and starts a new one on the same data directory (and a new port).</summary>
    public async Task RestartAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        (_app, BaseAddress) = await LaunchAsync(DataDir, _configure);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp directory
        }
    }

    private static async Task<(WebApplication App, Uri Address)> LaunchAsync(string dataDir, Action<IServiceCollection>? configure)
    {
        var options = new VitalsServerOptions { Listen = "127.0.0.1:0", DataDir = dataDir, AdminToken = AdminToken };
        var app = await VitalsServer.BuildAsync(options, configure);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }
}
