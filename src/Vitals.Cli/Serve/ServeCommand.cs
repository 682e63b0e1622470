using System.CommandLine;
using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vitals.Cli.Logging;
using Vitals.Control.Demo;
using Vitals.Control.Traffic;
using Vitals.Core.Targets;
using Vitals.Server;
using Vitals.Server.Telemetry;
using Vitals.Storage;
using Vitals.Storage.Secrets;

namespace Vitals.Cli.Serve;

/// <summary>
/// <c>vitals serve</c>: the API server (store, engine, live status) until Ctrl+C or SIGTERM. With <c>--demo</c> it also
/// runs a demo fleet inside the process and prints its token and a ready-to-paste request.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var options = new ServeOptions();
        var command = new Command("serve", "Run the Vitals server: REST API, health checks, live status.");
        options.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, options, cancellationToken));
        return command;
    }

    /// <summary>The target policy in one line, so an operator sees at start what tenants' members may reach.</summary>
    private static string DescribeTargets(TargetPolicy policy)
    {
        var text = new System.Text.StringBuilder(
            $"loopback, unspecified, link-local, multicast, broadcast, cloud metadata and this host's {policy.HostAddresses.Count} addresses denied");
        if (policy.Allow.Count > 0)
        {
            text.Append("; allowed all the same: ").AppendJoin(", ", policy.Allow);
        }

        if (policy.Deny.Count > 0)
        {
            text.Append("; always denied: ").AppendJoin(", ", policy.Deny);
        }

        return text.Append(" (docs/security.md)").ToString();
    }

    private static async Task<int> RunAsync(ParseResult parseResult, ServeOptions options, CancellationToken cancellationToken)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        var errors = new List<string>();
        var configPath = parseResult.GetValue(options.Config)
            ?? ServeConfigFile.FindDefault(Environment.GetEnvironmentVariable, File.Exists);
        var config = configPath is null ? null : ServeConfigFile.Read(configPath, options.FileKeys(), errors);
        var sources = new ServeSources(Environment.GetEnvironmentVariable, config);
        var valid = ServeSettings.TryCreate(parseResult, options, sources, out var settings, out var settingErrors, out var dataDirOrigin);
        errors.AddRange(settingErrors);
        if (!valid || errors.Count > 0)
        {
            foreach (var error in errors)
            {
                await stderr.WriteLineAsync(error);
            }

            return ExitCodes.InvalidUsage;
        }

        var tokenErrors = new List<string>();
        AdminTokenSettings.Read(parseResult, options, sources, tokenErrors, out var tokenFile);
        foreach (var warning in (string?[])[AdminTokenSettings.LooseModeWarning(tokenFile),
            config is not null && config.Values.ContainsKey("admin-token") ? AdminTokenSettings.LooseModeWarning(config.Path) : null])
        {
            if (warning is not null)
            {
                await stderr.WriteLineAsync(warning);
            }
        }

        // The demo's data is thrown away at exit unless a directory was named for it.
        string? throwaway = null;
        if (settings.Demo && parseResult.GetValue(options.DataDir) is null && sources.Get("VITALS_DATA_DIR").Layer == SettingLayer.None)
        {
            throwaway = Directory.CreateTempSubdirectory("vitals-demo-").FullName;
            (settings.DataDir, dataDirOrigin) = (throwaway, "demo, deleted at exit");
        }

        try
        {
            return await ServeAsync(stdout, stderr, settings, config, dataDirOrigin, cancellationToken);
        }
        finally
        {
            if (throwaway is not null)
            {
                TryDelete(throwaway);
            }
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // a temp directory: the system cleans it up in the end
        }
    }

    private static async Task<int> ServeAsync(TextWriter stdout, TextWriter stderr, VitalsServerOptions settings, ServeConfigFile? config,
        string dataDirOrigin, CancellationToken cancellationToken)
    {
        if (settings.LogFormat == LogFormat.Json)
        {
            // Every line of the output in one format: the banner too is a log entry, on stdout as before.
            stdout = new LogLineWriter(stdout, ServerLogging.Formatter(LogFormat.Json), "Vitals.Cli.Serve", new EventId(5001, "Banner"));
        }

        var listen = settings.Listen;
        var tlsCertificate = settings.TlsCertificatePath;
        WebApplication built;
        try
        {
            built = await VitalsServer.BuildAsync(settings, cancellationToken: cancellationToken);
        }
        catch (InvalidOperationException ex) when (tlsCertificate is not null)
        {
            await stderr.WriteLineAsync($"tls: {ex.Message}");
            return ExitCodes.InvalidUsage;
        }
        catch (SecretsKeyException ex)
        {
            // Another node's key, a damaged or unreadable key file: said once, before anything listens.
            await stderr.WriteLineAsync($"secrets: {ex.Message}");
            return ExitCodes.InvalidUsage;
        }
        catch (DbException ex) when (settings.Store is not null)
        {
            // Refused, unknown host, bad login, missing database: the store's own words, without a stack trace.
            await stderr.WriteLineAsync($"store: cannot open {VitalsServer.DescribeStore(settings)}: {ex.Message}");
            return ExitCodes.Unreachable;
        }
        catch (StorageUnavailableException ex)
        {
            // Read-only, full or foreign-owned data directory or database: say where and why now, not at the first write.
            await stderr.WriteLineAsync($"storage: {ex.Message}");
            return ExitCodes.Unreachable;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && !Directory.Exists(settings.DataDir))
        {
            await stderr.WriteLineAsync($"storage: cannot create the data directory {Path.GetFullPath(settings.DataDir)}: {ex.Message}");
            return ExitCodes.Unreachable;
        }

        await using var app = built;
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (InvalidOperationException ex) when (ex.InnerException is System.Net.Sockets.SocketException && settings.AgentListen is not null)
        {
            // The agent responder's port is taken or the address is not this host's: its own words, no stack trace.
            await stderr.WriteLineAsync(ex.Message);
            return ExitCodes.Unreachable;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(static a => a.StartsWith("http://", StringComparison.Ordinal)) ?? $"http://{listen}";
        var where = settings.Store is null
            ? $"data: {Path.GetFullPath(settings.DataDir)}"
            : $"store: {VitalsServer.DescribeStore(settings)}, node {app.Services.GetService<IChangeFeed>()?.NodeId}";
        await stdout.WriteLineAsync($"vitals listening on {address} ({where})");
        await stdout.WriteLineAsync($"data directory: {Path.GetFullPath(settings.DataDir)} ({dataDirOrigin})");
        await stdout.WriteLineAsync($"config: {config?.Path ?? "no file"}; health: {address}/healthz, readiness: {address}/readyz");
        await stdout.WriteLineAsync($"console: {address}/ (sign in with a project token)");
        await stdout.WriteLineAsync($"targets: {DescribeTargets(app.Services.GetRequiredService<TargetPolicy>())}");
        var sockets = app.Services.GetRequiredService<SocketPathPolicy>().Directories;
        await stdout.WriteLineAsync($"sockets: HAProxy runtime APIs under {(sockets.Count == 0 ? "no directory" : string.Join(", ", sockets))} (--allow-sockets)");
        if (addresses.FirstOrDefault(static a => a.StartsWith("https://", StringComparison.Ordinal)) is { } https)
        {
            var certificate = tlsCertificate ?? Path.Combine(Path.GetFullPath(settings.DataDir), "tls", Vitals.Server.Tls.ServerCertificate.CertificateFile);
            await stdout.WriteLineAsync($"vitals listening on {https} (certificate: {certificate})");
        }
        if (app.Services.GetService<AgentResponder>()?.LocalEndPoint is { } agent)
        {
            await stdout.WriteLineAsync($"agent check: listening on {agent} for HAProxy's agent-check (unauthenticated: keep it on loopback or a private network)");
        }

        if (settings.Alertmanager.Count > 0)
        {
            await stdout.WriteLineAsync($"alertmanager: pushing alerts to {string.Join(", ", settings.Alertmanager)} every {settings.AlertmanagerInterval.TotalSeconds:0.###} s");
        }

        if (app.Services.GetRequiredService<DemoFleet>().Info is { } demo)
        {
            await WriteDemoAsync(stdout, address, demo);
        }

        if (settings.AdminToken is null)
        {
            await stdout.WriteLineAsync($"no admin token: set --admin-token-file, ${ServeOptions.AdminTokenVariable} or --admin-token to create projects");
        }

        await stdout.FlushAsync(cancellationToken);
        await WaitForStopAsync(app, cancellationToken);
        await app.StopAsync(CancellationToken.None);
        await stdout.WriteLineAsync("vitals stopped");
        return ExitCodes.Success;
    }

    private static async Task WriteDemoAsync(TextWriter stdout, string address, DemoInfo demo)
    {
        await stdout.WriteLineAsync($"demo project token: {demo.Token} (open {address}/ and sign in with it)");
        await stdout.WriteLineAsync("demo fleet: 3 healthy HTTP servers, one answering 500, one too slow, a closed port, a TCP-only server,");
        await stdout.WriteLineAsync("            a gRPC health server, a member with weight 0 and one switched off; verdicts within ~5 s. Try:");
        await stdout.WriteLineAsync($"  curl -H \"Authorization: Bearer {demo.Token}\" {address}/api/v1/listeners/{demo.Listeners["web"]}/health");
        await stdout.WriteLineAsync($"  curl -H \"Authorization: Bearer {demo.Token}\" {address}/api/v1/members/{demo.Members["web-500"]}/health");
        await stdout.WriteLineAsync($"  curl -N -H \"Authorization: Bearer {demo.Token}\" {address}/api/v1/events");
    }

    /// <summary>Until Ctrl+C/SIGTERM (the command's token) or the host stopping by itself.</summary>
    private static async Task WaitForStopAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token);
        }
        catch (OperationCanceledException)
        {
            // asked to stop
        }
    }
}
