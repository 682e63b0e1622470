using System.CommandLine;
using Vitals.Server;
using Vitals.Server.Telemetry;
using Vitals.Storage;

namespace Vitals.Cli.Serve;

/// <summary>
/// The server options a <c>vitals serve</c> command line asks for: flags first, then their environment variables, then the
/// configuration file (<see cref="ServeConfigFile"/>), then the defaults. Every usage error names the flag, and the server's own validators have the last word.
/// </summary>
internal static class ServeSettings
{
    // The rules between figures (EngineOptionsCrossFieldValidator, VitalsServerOptionsCrossFieldValidator) name a property;
    // on the command line they are about a flag.
    private static readonly (string Property, string Flag)[] Flags =
    [
        ("Property SkipAfter:", "--skip-after"),
        ("Property Tracker.Flap.SettleChanges:", "--flap-settle"),
        ("Property Store:", "--store"),
        ("Property AllowTargets:", "--allow-targets"),
        ("Property DenyTargets:", "--deny-targets"),
        ("Property AllowSockets:", "--allow-sockets"),
        ("Property AgentListen:", "--agent-listen"),
        ("Property Alertmanager:", "--alertmanager"),
        ("Property PublicUrl:", "--public-url"),
        ("Property OtlpEndpoint:", "--otlp-endpoint"),
        ("Property OtlpProtocol:", "$" + ServeOptions.OtlpProtocolVariable),
    ];

    /// <summary>The settings from flags and <paramref name="environment"/> alone (no configuration file).</summary>
    public static bool TryCreate(ParseResult parseResult, ServeOptions options, Func<string, string?> environment,
        out VitalsServerOptions settings, out List<string> errors) =>
        TryCreate(parseResult, options, new ServeSources(environment), out settings, out errors, out _);

    /// <summary>
    /// The settings from flags, else <paramref name="sources"/> (environment, then configuration file), else defaults;
    /// every error at once. <paramref name="dataDirOrigin"/> says where the data directory came from (for the start line).
    /// </summary>
    public static bool TryCreate(ParseResult parseResult, ServeOptions options, ServeSources sources,
        out VitalsServerOptions settings, out List<string> errors, out string dataDirOrigin)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sources);
        errors = [];
        var listen = Text(parseResult, options.Listen, sources) ?? ServeOptions.DefaultListen;
        var tlsListen = Text(parseResult, options.TlsListen, sources);
        CheckListen(listen, errors);
        if (tlsListen is not null)
        {
            CheckListen(tlsListen, errors);
        }

        var tlsCertificate = Text(parseResult, options.TlsCertificate, sources);
        var tlsKey = Text(parseResult, options.TlsKey, sources);
        if ((tlsCertificate is not null || tlsKey is not null) && tlsListen is null)
        {
            errors.Add("--tls-cert and --tls-key need --tls-listen");
        }

        var store = Text(parseResult, options.Store, sources);
        var nodeId = Text(parseResult, options.NodeId, sources);
        if (nodeId is not null && !NodeIds.IsValid(nodeId))
        {
            errors.Add($"--node-id must be {NodeIds.Rule} (got '{nodeId}')");
        }

        var adminToken = AdminTokenSettings.Read(parseResult, options, sources, errors);
        string dataDir;
        if (Text(parseResult, options.DataDir, sources, out var origin) is { } given)
        {
            (dataDir, dataDirOrigin) = (given, origin);
        }
        else
        {
            (dataDir, dataDirOrigin) = ServeDataDirectory.Default(sources.Environment);
        }

        // The flag, else $VITALS_LOG_FORMAT, else the file's log-format, else text.
        var logFormat = LogFormat.Text;
        if (Text(parseResult, options.LogFormat, sources, out var logFormatOrigin) is { } logFormatText
            && !ServerLogging.TryParse(logFormatText, out logFormat))
        {
            errors.Add($"{logFormatOrigin} must be text or json (got '{logFormatText}')");
        }

        settings = new VitalsServerOptions
        {
            LogFormat = logFormat,
            // The flag, else OpenTelemetry's own variable, else the file's otlp-endpoint.
            OtlpEndpoint = parseResult.GetValue(options.OtlpEndpoint) ?? sources.Environment(ServeOptions.OtlpEndpointVariable)
                ?? Text(parseResult, options.OtlpEndpoint, sources),
            OtlpProtocol = sources.Environment(ServeOptions.OtlpProtocolVariable) is { Length: > 0 } protocol
                ? protocol : Vitals.Server.Telemetry.OwnTelemetry.HttpProtobuf,
            Store = string.IsNullOrEmpty(store) ? null : store,
            NodeId = nodeId,
            Listen = listen,
            DataDir = dataDir,
            SecretsKeyFile = Text(parseResult, options.SecretsKeyFile, sources),
            AdminToken = adminToken,
            Demo = parseResult.GetValue(options.Demo),
            TlsListen = tlsListen,
            TlsCertificatePath = tlsCertificate,
            TlsKeyPath = tlsKey,
            AllowTargets = List(parseResult.GetValue(options.AllowTargets) ?? sources.Value(ServeOptions.AllowTargetsVariable)),
            AgentListen = Text(parseResult, options.AgentListen, sources),
            PublicUrl = Text(parseResult, options.PublicUrl, sources),
            Alertmanager = parseResult.GetValue(options.Alertmanager) is { Length: > 0 } alertmanagers
                ? alertmanagers
                : List(sources.Value(ServeOptions.AlertmanagerVariable)),
            DenyTargets = List(parseResult.GetValue(options.DenyTargets) ?? sources.Value(ServeOptions.DenyTargetsVariable)),
            // Absent: the default directories; given empty: no unix socket at all.
            AllowSockets = (parseResult.GetValue(options.AllowSockets) ?? sources.Value(ServeOptions.AllowSocketsVariable)) is { } sockets
                ? List(sockets)
                : null,
        };
        ReadFigures(parseResult, options, sources, settings, errors);
        if (errors.Count > 0)
        {
            return false;
        }

        // Each figure is in range by now; what is left are the rules between them (and the store's syntax).
        foreach (var failure in VitalsServerOptions.Check(settings).Failures ?? [])
        {
            errors.Add(InFlagTerms(failure));
        }

        return errors.Count == 0;
    }

    /// <summary>The flag's value, else its variable's, else its key's in the configuration file; null (or empty) when none.</summary>
    private static string? Text(ParseResult parseResult, Option<string?> option, ServeSources sources) =>
        Text(parseResult, option, sources, out _);

    private static string? Text(ParseResult parseResult, Option<string?> option, ServeSources sources, out string origin)
    {
        if (parseResult.GetValue(option) is { } flag)
        {
            origin = option.Name;
            return flag;
        }

        (var value, origin, _) = sources.Get(ServeSources.VariableOf(option.Name));
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static void ReadFigures(ParseResult parseResult, ServeOptions options, ServeSources sources,
        VitalsServerOptions settings, List<string> errors)
    {
        foreach (var figure in options.Figures)
        {
            if (!figure.TryRead(parseResult, sources, out var value, out var error))
            {
                errors.Add(error);
            }
            else if (value is not null)
            {
                figure.Apply(settings, value);
            }
        }
    }

    private static List<string> List(string? text) => string.IsNullOrWhiteSpace(text) ? [] : [text];

    private static string InFlagTerms(string failure)
    {
        foreach (var (property, flag) in Flags)
        {
            if (failure.StartsWith(property, StringComparison.Ordinal))
            {
                return flag + ":" + failure[property.Length..];
            }
        }

        return failure;
    }

    private static void CheckListen(string listen, List<string> errors)
    {
        try
        {
            VitalsServer.ParseListen(listen);
        }
        catch (ArgumentException ex)
        {
            errors.Add($"listen: {ex.Message}");
        }
    }
}
