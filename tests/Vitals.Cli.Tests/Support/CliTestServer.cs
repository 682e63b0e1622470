using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vitals.Server;

namespace Vitals.Cli.Tests.Support;

/// <summary>
/// A real Vitals server in this process on 127.0.0.1 (ephemeral port, temp SQLite data directory) with one project,
/// and a way to run the CLI against it in-process.
/// </summary>
public sealed class CliTestServer : IAsyncDisposable
{
    public const string AdminToken = "cli-test-admin-token-0123456789abcdef";

    private readonly WebApplication _app;
    private readonly string _dataDir;

    private CliTestServer(WebApplication app, string dataDir, string url, string token)
    {
        _app = app;
        _dataDir = dataDir;
        Url = url;
        Token = token;
    }

    public string Url { get; }

    /// <summary>The project's token.</summary>
    public string Token { get; }

    /// <summary>The server's services (e.g. to find where a listener it started is bound).</summary>
    public IServiceProvider Services => _app.Services;

    /// <param name="configure">Changes the server options (e.g. <c>AgentListen</c>).</param>
    public static async Task<CliTestServer> StartAsync(Action<VitalsServerOptions>? configure = null)
    {
        var dataDir = Directory.CreateTempSubdirectory("vitals-cli-test-").FullName;
        var options = new VitalsServerOptions { Listen = "127.0.0.1:0", DataDir = dataDir, AdminToken = AdminToken };
        // The tests' backends listen on loopback, which the target policy denies unless allowed.
        options.AllowTargets = ["127.0.0.0/8", "::1"];
        configure?.Invoke(options);
        // Warnings only: the server's request log would bury the test output.
        var app = await VitalsServer.BuildAsync(options, services => services.Configure<LoggerFilterOptions>(o => o.MinLevel = LogLevel.Warning),
            TestContext.Current.CancellationToken);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var admin = new HttpClient { BaseAddress = new Uri(url) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        using var response = await admin.PostAsJsonAsync("/api/v1/projects", new { name = "cli" }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return new CliTestServer(app, dataDir, url, doc.RootElement.GetProperty("token").GetString()!);
    }

    /// <summary>Runs <c>vitals ARGS --server URL --token TOKEN</c> in-process.</summary>
    public Task<CliRun> RunAsync(params string[] args) => CliRun.InProcessAsync([.. args, "--server", Url, "--token", Token]);

    /// <summary>Writes <paramref name="yaml"/> to a temp file and applies it with <paramref name="extra"/> options.</summary>
    public async Task<CliRun> ApplyAsync(string yaml, params string[] extra)
    {
        using var file = new TempFile(yaml);
        return await RunAsync(["apply", "-f", file.Path, .. extra]);
    }

    /// <summary>Polls <c>vitals status -o json</c> until <paramref name="done"/> holds for it (at most 30 s).</summary>
    public async Task<JsonDocument> WaitForStatusAsync(Func<JsonElement, bool> done)
    {
        for (var i = 0; i < 150; i++)
        {
            var run = await RunAsync("status", "-o", "json");
            Assert.Equal(0, run.ExitCode);
            var doc = JsonDocument.Parse(run.Stdout);
            if (done(doc.RootElement))
            {
                return doc;
            }

            doc.Dispose();
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("the status never reached the expected state");
    }

    public static string? StateOf(JsonElement status, string memberName)
    {
        foreach (var member in status.GetProperty("members").EnumerateArray())
        {
            if (member.GetProperty("name").GetString() == memberName)
            {
                return member.GetProperty("state").GetString();
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp directory
        }
    }
}
