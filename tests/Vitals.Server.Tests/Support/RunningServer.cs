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
    public const string AdminToken = "test-admin-token-0123456789abcdef";

    private readonly Action<IServiceCollection>? _configure;
    private readonly Action<VitalsServerOptions>? _options;
    private WebApplication _app;

    private RunningServer(string dataDir, WebApplication app, (Uri Http, Uri? Https) addresses, Action<IServiceCollection>? configure,
        Action<VitalsServerOptions>? options)
    {
        DataDir = dataDir;
        _app = app;
        (BaseAddress, TlsBaseAddress) = addresses;
        _configure = configure;
        _options = options;
    }

    public string DataDir { get; }

    /// <summary>The secrets key file of every server of this test run on a shared (PostgreSQL) store, unless a test names another.</summary>
    public static string SharedStoreSecretsKey { get; } = Path.Combine(Path.GetTempPath(), $"vitals-test-secrets-{Environment.ProcessId}.key");

    public Uri BaseAddress { get; private set; }

    /// <summary>The HTTPS listener, when the options asked for one (<c>TlsListen</c>).</summary>
    public Uri? TlsBaseAddress { get; private set; }

    public IServiceProvider Services => _app.Services;

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <param name="configure">Replaces services (e.g. the <see cref="TimeProvider"/>).</param>
    /// <param name="dataDir">The data directory; a fresh temp directory when null.</param>
    /// <param name="options">Changes the server options (e.g. <c>TlsListen = "127.0.0.1:0"</c> for an HTTPS listener).</param>
    public static async Task<RunningServer> StartAsync(Action<IServiceCollection>? configure = null, string? dataDir = null,
        Action<VitalsServerOptions>? options = null)
    {
        dataDir ??= Directory.CreateTempSubdirectory("vitals-test-").FullName;
        var (app, addresses) = await LaunchAsync(dataDir, configure, options);
        return new RunningServer(dataDir, app, addresses, configure, options);
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
        (_app, (BaseAddress, TlsBaseAddress)) = await LaunchAsync(DataDir, _configure, _options);
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

    private static async Task<(WebApplication App, (Uri Http, Uri? Https) Addresses)> LaunchAsync(string dataDir,
        Action<IServiceCollection>? configure, Action<VitalsServerOptions>? configureOptions)
    {
        var options = new VitalsServerOptions { Listen = "127.0.0.1:0", DataDir = dataDir, AdminToken = AdminToken };
        // The tests' backends listen on loopback, which the target policy denies unless allowed.
        options.AllowTargets = ["127.0.0.0/8", "::1"];
        configureOptions?.Invoke(options);

        // Nodes sharing a store share its secrets key (docs/security.md, "Secrets at rest"): one file for this test run.
        options.SecretsKeyFile ??= options.Store is null ? null : SharedStoreSecretsKey;
        var app = await VitalsServer.BuildAsync(options, configure);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var http = addresses.First(static a => a.StartsWith("http://", StringComparison.Ordinal));
        var https = addresses.FirstOrDefault(static a => a.StartsWith("https://", StringComparison.Ordinal));
        return (app, (new Uri(http), https is null ? null : new Uri(https)));
    }
}
