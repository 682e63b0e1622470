using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vitals.Control.Access;
using Vitals.Control.Cluster;
using Vitals.Control.Demo;
using Vitals.Control.Fleet;
using Vitals.Control.Health;
using Vitals.Control.Instances;
using Vitals.Control.Notifications;
using Vitals.Control.Targets;
using Vitals.Control.Traffic;
using Vitals.Control.Traffic.Haproxy;
using Vitals.Engine;
using Vitals.Probes;
using Vitals.Server.Api;
using Vitals.Server.Auth;
using Vitals.Server.Console;
using Vitals.Server.Demo;
using Vitals.Server.Dialects.Alibaba;
using Vitals.Server.Dialects.Huawei;
using Vitals.Server.Dialects.Ovh;
using Vitals.Server.Failures;
using Vitals.Server.Health;
using Vitals.Server.Input;
using Vitals.Server.Instances;
using Vitals.Server.Metrics;
using Vitals.Server.Notifications;
using Vitals.Server.Readiness;
using Vitals.Server.Secrets;
using Vitals.Server.Telemetry;
using Vitals.Server.Tls;
using Vitals.Server.Traffic;
using Vitals.Storage;
using Vitals.Storage.Postgres;
using Vitals.Storage.Secrets;
using Vitals.Storage.Sql;
using Vitals.Storage.Sqlite;

namespace Vitals.Server;

/// <summary>Builds the Vitals web host: store, engine, native API, dialects and the web console.</summary>
public static class VitalsServer
{
    /// <summary>
    /// Opens the store (migrating it), builds the services and maps every endpoint. The returned app is not started.
    /// <paramref name="configure"/> lets tests replace services (e.g. the <see cref="TimeProvider"/>).
    /// </summary>
    public static async Task<WebApplication> BuildAsync(VitalsServerOptions options, Action<IServiceCollection>? configure = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Every bad value at once, before the store is opened; the same validators run again at start (ValidateOnStart).
        if (VitalsServerOptions.Check(options) is { Failed: true } invalid)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(VitalsServerOptions), invalid.Failures);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.UseConsoleFormat(options.LogFormat);
        builder.Logging.SetMinimumLevel(LogLevel.Information);

        // ASP.NET Core logs each request at Information (start, endpoint, result, end: seven lines). Under load that
        // console output cost more than the requests themselves (health p99 67 ms instead of single digits, see
        // bench/README.md "Control plane"), so the framework speaks only of problems; our own events are unchanged.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // First of all, so that nothing is ever created in it with a wider mode (docs/security.md, "Secrets at rest").
        var narrowed = DataDirectory.Prepare(options.DataDir);
        var tlsListen = options.TlsListen is { Length: > 0 } tls ? ParseListen(tls) : null;
        var certificate = tlsListen is null ? null : ServerCertificate.Load(options, TimeProvider.System);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.Listen(ParseListen(options.Listen));
            if (tlsListen is not null)
            {
                kestrel.Listen(tlsListen, listen => listen.UseHttps(certificate!));
            }
        });

        var services = builder.Services;
        // Under systemd (deploy/vitals.service, Type=notify): READY=1 once every listener is open, STOPPING=1 on the way
        // out. Elsewhere it adds nothing.
        services.AddSystemd();
        services.AddSingleton(Options.Create(options));
        services.AddValidatedOptions(options);
        services.TryAddSingleton(TimeProvider.System);
        services.ConfigureHttpJsonOptions(json => ConfigureJson(json.SerializerOptions));
        services.AddProblemDetails();
        services.AddExceptionHandler<StorageUnavailableHandler>();
        services.AddOpenApi("v1", openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Vitals API";
            document.Info.Description = "Health checks for load-balanced fleets: resources, live status and events.";
            NotificationOpenApi.Apply(document);
            ApiOpenApi.Apply(document);
            return Task.CompletedTask;
        }));

        DataDirectoryCheck.CheckWritable(options.DataDir);
        IStore store = IsPostgres(options.Store)
            ? await PostgresStore.OpenAsync(options.Store!, nodeId: options.NodeId, cancellationToken: cancellationToken)
            : await SqliteStore.OpenAsync(Path.Combine(options.DataDir, "vitals.db"), cancellationToken: cancellationToken);
        var secretsKey = await UseSecretsAsync(store, options, cancellationToken);
        services.AddSingleton(store);
        if (store is PostgresStore shared)
        {
            // Several nodes may share this database: each follows the changes the others commit.
            services.AddChangeFollower(shared.Changes);
        }

        services.AddSingleton<CallerResolver>();
        services.AddSingleton<FailedAuthLimiter>();
        services.AddSingleton<IProber>(sp => new Prober(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new HealthEngine(sp.GetRequiredService<IProber>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<EngineOptions>>().Value,
            sp.GetRequiredService<ILogger<HealthEngine>>()));
        // The target policy before the services that read it: the fleet (writes), the coordinator (registration), the
        // exporter scrapes and diagnosis (connections).
        services.AddTargetPolicy(options.TargetPolicy(HostInterfaces.GetAddresses(), new List<string>()));
        services.AddSocketPathPolicy(options.SocketPolicy(new List<string>()));
        services.AddFleet();
        services.AddAccess();
        services.AddHealthCoordination();
        services.AddInstanceHealth();
        services.AddHaproxySync();
        if (options.AgentResponder() is { } agent)
        {
            services.AddAgentResponder(agent);
        }

        services.AddNotifications(options.Notifications());
        services.AddProjectAlertmanagers(options.AlertmanagerInterval, options.PublicUri());
        if (options.AlertmanagerUrls() is { Count: > 0 } alertmanagers)
        {
            services.AddAlertmanagerPush(alertmanagers, options.AlertmanagerInterval, options.PublicUri());
        }

        services.AddSingleton<HealthQuery>();
        // After the coordinator, so the demo's members reach a running engine; a no-op without --demo.
        services.AddSingleton(sp => new DemoFleet(sp.GetRequiredService<FleetService>(), sp.GetRequiredService<IStore>(),
            sp.GetRequiredService<TimeProvider>(),
            options.Demo ? async cancellationToken => await DemoBackends.StartAsync(sp.GetRequiredService<TimeProvider>(), cancellationToken) : null,
            sp.GetRequiredService<ILogger<DemoFleet>>()));
        services.AddHostedService(sp => sp.GetRequiredService<DemoFleet>());
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Add(HealthJsonContext.Default);
            json.SerializerOptions.TypeInfoResolverChain.Add(InstanceHealthJsonContext.Default);
            json.SerializerOptions.TypeInfoResolverChain.Add(RotationJsonContext.Default);
            json.SerializerOptions.TypeInfoResolverChain.Add(DeliveryJsonContext.Default);
        });
        services.AddPrometheusMetrics();
        services.AddOwnTelemetry(options);
        services.AddServerReadiness();
        services.AddAlibabaDialect();
        services.AddHuaweiDialect();
        services.AddOvhDialect();
        configure?.Invoke(services);

        var app = builder.Build();
        DataDirectory.LogStart(app.Logger, options.DataDir, narrowed, secretsKey.Key, secretsKey.Migrated);
        (store as SqlStore)?.UseLogger(app.Services.GetRequiredService<ILoggerFactory>());
        app.UseNoSniff();
        app.UseRequestTextCheck();
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StatusOf });
        app.UseStatusCodePages();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapServerHealth();
        var api = app.MapGroup("/api/v1");
        api.MapProjectEndpoints();
        api.MapTokenEndpoints();
        api.MapResourceEndpoints();
        api.MapHealthEndpoints();
        api.MapRotationEndpoints();
        api.MapDiagnoseEndpoints();
        api.MapDeliveryEndpoints();
        app.MapInstanceHealthEndpoints();
        app.MapAlibabaDialect();
        app.MapHuaweiDialect();
        app.MapOvhDialect();
        app.MapMetrics();
        app.MapConsole();
        return app;
    }

    /// <summary>
    /// Loads (or creates) the secrets key and hands it to the store, which encrypts secrets still in clear and checks
    /// that it can decrypt the others; a store it cannot use is closed before the error propagates.
    /// </summary>
    private static async Task<(SecretsKey Key, int Migrated)> UseSecretsAsync(IStore store, VitalsServerOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var key = SecretsKey.LoadOrCreate(DataDirectory.SecretsKeyPath(options), create: true);
            return (key, await ((SqlStore)store).UseSecretsAsync(key, cancellationToken));
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>snake_case names, no reflection-free surprises: the API's JSON conventions.</summary>
    public static void ConfigureJson(JsonSerializerOptions json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        json.DictionaryKeyPolicy = null;
        json.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
        json.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
    }

    /// <summary>
    /// Whether <paramref name="store"/> names a store <see cref="BuildAsync"/> can open: null, empty or <c>sqlite</c>
    /// (the SQLite file in the data directory), or a valid PostgreSQL URL or connection string.
    /// </summary>
    public static bool TryCheckStore(string? store, out string error)
    {
        error = "";
        return IsSqlite(store) || PostgresConnectionString.TryNormalize(store, out _, out error);
    }

    /// <summary>Where the store is, for people: the SQLite file, or PostgreSQL's user@host:port/database (never the password).</summary>
    public static string DescribeStore(VitalsServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return IsPostgres(options.Store)
            ? $"PostgreSQL {PostgresConnectionString.Describe(options.Store!)}"
            : Path.GetFullPath(Path.Combine(options.DataDir, "vitals.db"));
    }

    private static bool IsSqlite(string? store) => string.IsNullOrEmpty(store) || store.Equals("sqlite", StringComparison.OrdinalIgnoreCase);

    private static bool IsPostgres(string? store) => !IsSqlite(store);

    /// <summary>Parses <c>HOST:PORT</c> (IPv4, <c>[IPv6]:PORT</c>, or <c>localhost:PORT</c>).</summary>
    public static IPEndPoint ParseListen(string listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var text = listen.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase) ? "127.0.0.1" + listen[9..] : listen;
        return IPEndPoint.TryParse(text, out var endPoint) && text.Contains(':', StringComparison.Ordinal)
            ? endPoint
            : throw new ArgumentException($"--listen must be ADDRESS:PORT (got '{listen}')", nameof(listen));
    }

    // Bad input that escapes validation (a body over the limit, unreadable JSON) is the client's error, never a 500.
    private static int StatusOf(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        JsonException => StatusCodes.Status400BadRequest,
        StorageUnavailableException => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
