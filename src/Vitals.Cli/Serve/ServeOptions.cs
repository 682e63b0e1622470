using System.CommandLine;
using Vitals.Core.Health;
using Vitals.Engine;
using Vitals.Server;

namespace Vitals.Cli.Serve;

/// <summary>The options of <c>vitals serve</c>.</summary>
internal sealed class ServeOptions
{
    public const string AdminTokenVariable = "VITALS_ADMIN_TOKEN";

    public const string StoreVariable = "VITALS_STORE";

    public const string SecretsKeyFileVariable = "VITALS_SECRETS_KEY_FILE";

    public const string AdminTokenFileVariable = "VITALS_ADMIN_TOKEN_FILE";

    public Option<string?> Config { get; } = new("--config")
    {
        Description = "Read the settings from this YAML file (keys: the flags without their dashes; see docs/operations.md). "
            + $"Default: $XDG_CONFIG_HOME/vitals/{ServeConfigFile.FileName}, else {ServeConfigFile.SystemPath}, when one exists. "
            + "Environment variables (VITALS_ and the flag in upper snake case) override it; flags override both.",
        HelpName = "file",
    };

    public Option<string?> Listen { get; } = new("--listen")
    {
        Description = "Where the API listens: ADDRESS:PORT (IPv4, [IPv6]:PORT or localhost:PORT; default: $VITALS_LISTEN, else 127.0.0.1:8080).",
        HelpName = "address:port",
    };

    public const string DefaultListen = "127.0.0.1:8080";

    public Option<string?> Store { get; } = new("--store")
    {
        Description = "Where the store is: postgres://user:password@host:port/database or Host=...;Database=... for a PostgreSQL "
            + $"database several nodes share (default: ${StoreVariable}, else SQLite in --data-dir).",
        HelpName = "url",
    };

    public Option<string?> NodeId { get; } = new("--node-id")
    {
        Description = "This node's name in a PostgreSQL store several nodes share: the origin of its changes "
            + "(letters, digits, '.', '_', '-'; default: the host name and a random suffix).",
        HelpName = "name",
    };

    public Option<string?> DataDir { get; } = new("--data-dir")
    {
        Description = "Directory of the SQLite database (created when missing), the secrets key and the generated TLS certificate "
            + "(default: $VITALS_DATA_DIR, else $STATE_DIRECTORY under systemd, else $XDG_DATA_HOME/vitals or ~/.local/share/vitals; "
            + "with --demo a throwaway directory deleted at exit).",
        HelpName = "dir",
    };

    public Option<string?> SecretsKeyFile { get; } = new("--secrets-key-file")
    {
        Description = "Key file encrypting the dialects' secrets in the store (32 bytes in base64; created 0600 when missing). "
            + $"Nodes sharing a PostgreSQL store need the same file (default: ${SecretsKeyFileVariable}, else <data-dir>/secrets.key).",
        HelpName = "file",
    };

    public Option<string?> AdminToken { get; } = new("--admin-token")
    {
        Description = $"Token that may create projects, at least {VitalsServerOptions.MinAdminTokenLength} characters (default: "
            + $"${AdminTokenVariable}; none means no admin access). Visible to every local user in ps: prefer --admin-token-file.",
        HelpName = "token",
    };

    public Option<string?> AdminTokenFile { get; } = new("--admin-token-file")
    {
        Description = $"Read the admin token from this file (one line; the trailing newline is ignored; default: ${AdminTokenFileVariable}). Keep it mode 0600.",
        HelpName = "file",
    };

    public Option<string?> TlsListen { get; } = new("--tls-listen")
    {
        Description = "Also serve HTTPS here: ADDRESS:PORT (OVH clients speak only HTTPS).",
        HelpName = "address:port",
    };

    public Option<string?> TlsCertificate { get; } = new("--tls-cert")
    {
        Description = "HTTPS certificate: PEM (key inside or --tls-key) or PKCS#12 without password. "
            + "Default: a self-signed one generated into <data-dir>/tls/ on first start and reused.",
        HelpName = "file",
    };

    public Option<string?> TlsKey { get; } = new("--tls-key")
    {
        Description = "PEM private key of --tls-cert when it is in a separate file.",
        HelpName = "file",
    };

    public Option<string?> AgentListen { get; } = new("--agent-listen")
    {
        Description = "Answer HAProxy's agent check here: ADDRESS:PORT, loopback or a private address only (the agent protocol "
            + "is unauthenticated). Off by default. See docs/load-balancers.md.",
        HelpName = "address:port",
    };

    public const string AlertmanagerVariable = "VITALS_ALERTMANAGER";

    public Option<string[]> Alertmanager { get; } = new("--alertmanager")
    {
        Description = "Push an alert for every member out of rotation (and every pool in panic) to this Alertmanager: "
            + $"http(s)://host:9093; repeat it or separate with commas for an HA pair (default: ${AlertmanagerVariable}; off). "
            + "See docs/notifications.md.",
        HelpName = "url",
    };

    public ServeFigure AlertmanagerInterval { get; } = Figure<VitalsServerOptions>("--alertmanager-interval", "duration", FigureKind.Duration,
        nameof(VitalsServerOptions.AlertmanagerInterval), new VitalsServerOptions(),
        static (o, v) => o.AlertmanagerInterval = (TimeSpan)v,
        "How often every firing alert is sent to Alertmanager again; keep it well under its resolve_timeout (5m by default)");

    public const string PublicUrlVariable = "VITALS_PUBLIC_URL";

    public Option<string?> PublicUrl { get; } = new("--public-url")
    {
        Description = $"The URL people reach this server's console at, for the links in notifications and alerts (default: ${PublicUrlVariable}; none).",
        HelpName = "url",
    };

    public const string AllowTargetsVariable = "VITALS_ALLOW_TARGETS";

    public const string DenyTargetsVariable = "VITALS_DENY_TARGETS";

    public const string AllowSocketsVariable = "VITALS_ALLOW_SOCKETS";

    public Option<string?> AllowTargets { get; } = new("--allow-targets")
    {
        Description = "Networks (CIDR,...) members, diagnosis and exporter URLs may reach although a built-in rule denies them: "
            + "loopback, link-local, multicast, broadcast, cloud metadata, this host's addresses "
            + $"(default: ${AllowTargetsVariable}; none). --deny-targets wins.",
        HelpName = "cidr,...",
    };

    public Option<string?> DenyTargets { get; } = new("--deny-targets")
    {
        Description = $"Networks (CIDR,...) never reached on a tenant's behalf, whatever --allow-targets says (default: ${DenyTargetsVariable}; none).",
        HelpName = "cidr,...",
    };

    public Option<string?> AllowSockets { get; } = new("--allow-sockets")
    {
        Description = "Directories (DIR,...) under which an HAProxy binding's runtime API may be a unix socket "
            + $"(default: ${AllowSocketsVariable}; /run/haproxy,/var/run/haproxy). An empty value allows none.",
        HelpName = "dir,...",
    };

    public ServeFigure ResultHistory { get; } = Figure<VitalsServerOptions>("--result-history", "n", FigureKind.Integer,
        nameof(VitalsServerOptions.ResultHistory), new VitalsServerOptions(),
        static (o, v) => o.ResultHistory = (int)v,
        "Check results kept in memory per member for history and the console's latency chart. "
        + "About 2 KiB a member at 30 while answers stay the same; lower it for very large fleets");

    public ServeFigure MaxInFlight { get; } = Figure<EngineOptions>("--max-in-flight", "count", FigureKind.Integer,
        nameof(EngineOptions.MaxInFlight), new EngineOptions(),
        static (o, v) => o.Engine.MaxInFlight = (int)v,
        "Most checks running at once; due checks beyond it wait. Each holds a socket: keep it under the file descriptor limit");

    public ServeFigure Tick { get; } = Figure<EngineOptions>("--tick", "duration", FigureKind.Duration,
        nameof(EngineOptions.Tick), new EngineOptions(),
        static (o, v) => o.Engine.Tick = (TimeSpan)v,
        "How often the scheduler wakes to start the checks then due");

    public ServeFigure Jitter { get; } = Figure<EngineOptions>("--jitter", "fraction", FigureKind.Fraction,
        nameof(EngineOptions.Jitter), new EngineOptions(),
        static (o, v) => o.Engine.Jitter = (double)v,
        "Checks come up to this fraction of their delay early (never late), so targets added together drift apart");

    public ServeFigure JitterCap { get; } = Figure<EngineOptions>("--jitter-cap", "duration", FigureKind.Duration,
        nameof(EngineOptions.JitterCap), new EngineOptions(),
        static (o, v) => o.Engine.JitterCap = (TimeSpan)v,
        "The largest jitter of one check, whatever its delay");

    public ServeFigure SkipAfter { get; } = Figure<EngineOptions>("--skip-after", "duration", FigureKind.Duration,
        nameof(EngineOptions.SkipAfter), new EngineOptions(),
        static (o, v) => o.Engine.SkipAfter = (TimeSpan)v,
        "Skip a check that could not start this long after it was due, rather than run it late; at least --tick. "
        + "Default: each check's own delay");

    public ServeFigure LagWindow { get; } = Figure<EngineOptions>("--lag-window", "duration", FigureKind.Duration,
        nameof(EngineOptions.LagWindow), new EngineOptions(),
        static (o, v) => o.Engine.LagWindow = (TimeSpan)v,
        "Window of the start-lateness figures (metrics) and of the aggregated skip warning");

    public ServeFigure FlapChanges { get; } = Figure<FlapPolicy>("--flap-changes", "n", FigureKind.Integer,
        nameof(FlapPolicy.Changes), FlapPolicy.Default,
        static (o, v) => SetFlap(o, o.Engine.Tracker.Flap with { Changes = (int)v }),
        "State changes within --flap-window that mark a member as flapping");

    public ServeFigure FlapWindow { get; } = Figure<FlapPolicy>("--flap-window", "duration", FigureKind.Duration,
        nameof(FlapPolicy.Window), FlapPolicy.Default,
        static (o, v) => SetFlap(o, o.Engine.Tracker.Flap with { Window = (TimeSpan)v }),
        "The sliding window over which a member's state changes are counted");

    public ServeFigure FlapSettle { get; } = Figure<FlapPolicy>("--flap-settle", "n", FigureKind.Integer,
        nameof(FlapPolicy.SettleChanges), FlapPolicy.Default,
        static (o, v) => SetFlap(o, o.Engine.Tracker.Flap with { SettleChanges = (int)v }),
        "At or below this many changes within --flap-window a flapping member has settled; below --flap-changes");

    public ServeFigure NotifyGroupWindow { get; } = Figure<VitalsServerOptions>("--notify-group-window", "duration", FigureKind.Duration,
        nameof(VitalsServerOptions.NotifyGroupWindow), new VitalsServerOptions(),
        static (o, v) => o.NotifyGroupWindow = (TimeSpan)v,
        "How long a pool's further changes are gathered into one grouped notification after its first one (sent at once)");

    public ServeFigure WebhookRetryFor { get; } = Figure<VitalsServerOptions>("--webhook-retry-for", "duration", FigureKind.Duration,
        nameof(VitalsServerOptions.WebhookRetryFor), new VitalsServerOptions(),
        static (o, v) => o.WebhookRetryFor = (TimeSpan)v,
        "How long a webhook delivery is retried before it is dead (it stays listed and redeliverable)");

    public ServeFigure WebhookRetryDelay { get; } = Figure<VitalsServerOptions>("--webhook-retry-delay", "duration", FigureKind.Duration,
        nameof(VitalsServerOptions.WebhookRetryDelay), new VitalsServerOptions(),
        static (o, v) => o.WebhookRetryDelay = (TimeSpan)v,
        "The wait after a failed webhook delivery; it doubles with each attempt (with jitter) up to 10 minutes");

    /// <summary>Every number of the command, each with its environment variable.</summary>
    public IReadOnlyList<ServeFigure> Figures =>
        [ResultHistory, MaxInFlight, Tick, Jitter, JitterCap, SkipAfter, LagWindow, FlapChanges, FlapWindow, FlapSettle,
            AlertmanagerInterval, NotifyGroupWindow, WebhookRetryFor, WebhookRetryDelay];

    public Option<string?> LogFormat { get; } = Logging.LogFormatOption.Create();

    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string OtlpProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";

    public Option<string?> OtlpEndpoint { get; } = new("--otlp-endpoint")
    {
        Description = "Export the server's own traces, metrics and logs to this OTLP receiver, e.g. http://127.0.0.1:4318 "
            + $"(default: ${OtlpEndpointVariable}; none: nothing is exported; ${OtlpProtocolVariable}: http/protobuf or grpc). "
            + "See docs/observability.md.",
        HelpName = "url",
    };

    public Option<bool> Demo { get; } = new("--demo")
    {
        Description = "Add a demo project whose fleet runs inside the process: every state and reason within seconds.",
    };

    /// <summary>The configuration file's keys: every setting but --config and --demo.</summary>
    public HashSet<string> FileKeys() =>
        [.. Settings().Select(static o => o.Name.TrimStart('-'))];

    private IEnumerable<Option> Settings() =>
        [Listen, Store, NodeId, DataDir, SecretsKeyFile, AdminToken, AdminTokenFile, TlsListen, TlsCertificate, TlsKey, AllowTargets,
            DenyTargets, AllowSockets, AgentListen, Alertmanager, PublicUrl, LogFormat, OtlpEndpoint, .. Figures.Select(static f => f.Option)];

    public void AddTo(Command command)
    {
        command.Options.Add(Config);
        command.Options.Add(Listen);
        command.Options.Add(Store);
        command.Options.Add(NodeId);
        command.Options.Add(DataDir);
        command.Options.Add(SecretsKeyFile);
        command.Options.Add(AdminToken);
        command.Options.Add(AdminTokenFile);
        command.Options.Add(TlsListen);
        command.Options.Add(TlsCertificate);
        command.Options.Add(TlsKey);
        command.Options.Add(AllowTargets);
        command.Options.Add(DenyTargets);
        command.Options.Add(AllowSockets);
        command.Options.Add(AgentListen);
        command.Options.Add(Alertmanager);
        command.Options.Add(PublicUrl);
        foreach (var figure in Figures)
        {
            command.Options.Add(figure.Option);
        }

        command.Options.Add(LogFormat);
        command.Options.Add(OtlpEndpoint);
        command.Options.Add(Demo);
    }

    private static ServeFigure Figure<TOptions>(string name, string helpName, FigureKind kind, string property, TOptions defaults,
        Action<VitalsServerOptions, object> apply, string description)
        where TOptions : class =>
        new(name, helpName, description, kind, typeof(TOptions).GetProperty(property)!, defaults, apply);

    private static void SetFlap(VitalsServerOptions options, FlapPolicy flap) =>
        options.Engine.Tracker = options.Engine.Tracker with { Flap = flap };
}
