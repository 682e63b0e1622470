using System.CommandLine;
using Vitals.Server;
using Vitals.Storage;

namespace Vitals.Cli.Serve;

/// <summary>
/// The server options a <c>vitals serve</c> command line asks for: flags first, then their environment variables, then the
/// defaults. Every usage error names the flag, and the server's own validators have the last word.
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

    public static bool TryCreate(ParseResult parseResult, ServeOptions options, Func<string, string?> environment,
        out VitalsServerOptions settings, out List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        errors = [];
        var listen = parseResult.GetValue(options.Listen)!;
        var tlsListen = parseResult.GetValue(options.TlsListen);
        CheckListen(listen, errors);
        if (tlsListen is not null)
        {
            CheckListen(tlsListen, errors);
        }

        var tlsCertificate = parseResult.GetValue(options.TlsCertificate);
        if ((tlsCertificate is not null || parseResult.GetValue(options.TlsKey) is not null) && tlsListen is null)
        {
            errors.Add("--tls-cert and --tls-key need --tls-listen");
        }

        var store = parseResult.GetValue(options.Store) ?? environment(ServeOptions.StoreVariable);
        var nodeId = parseResult.GetValue(options.NodeId);
        if (nodeId is not null && !NodeIds.IsValid(nodeId))
        {
            errors.Add($"--node-id must be {NodeIds.Rule} (got '{nodeId}')");
        }

        var adminToken = AdminTokenSettings.Read(parseResult, options, environment, errors);
        if (!Logging.LogFormatOption.TryRead(parseResult.GetValue(options.LogFormat), environment, out var logFormat, out var logFormatError))
        {
            errors.Add(logFormatError);
        }

        settings = new VitalsServerOptions
        {
            LogFormat = logFormat,
            OtlpEndpoint = parseResult.GetValue(options.OtlpEndpoint) ?? environment(ServeOptions.OtlpEndpointVariable),
            OtlpProtocol = environment(ServeOptions.OtlpProtocolVariable) is { Length: > 0 } protocol ? protocol : Vitals.Server.Telemetry.OwnTelemetry.HttpProtobuf,
            Store = string.IsNullOrEmpty(store) ? null : store,
            NodeId = nodeId,
            Listen = listen,
            DataDir = parseResult.GetValue(options.DataDir)!,
            SecretsKeyFile = parseResult.GetValue(options.SecretsKeyFile) ?? environment(ServeOptions.SecretsKeyFileVariable),
            AdminToken = adminToken,
            Demo = parseResult.GetValue(options.Demo),
            TlsListen = tlsListen,
            TlsCertificatePath = tlsCertificate,
            TlsKeyPath = parseResult.GetValue(options.TlsKey),
            AllowTargets = List(parseResult.GetValue(options.AllowTargets) ?? environment(ServeOptions.AllowTargetsVariable)),
            AgentListen = parseResult.GetValue(options.AgentListen),
            PublicUrl = parseResult.GetValue(options.PublicUrl) ?? environment(ServeOptions.PublicUrlVariable),
            Alertmanager = parseResult.GetValue(options.Alertmanager) is { Length: > 0 } alertmanagers
                ? alertmanagers
                : List(environment(ServeOptions.AlertmanagerVariable)),
            DenyTargets = List(parseResult.GetValue(options.DenyTargets) ?? environment(ServeOptions.DenyTargetsVariable)),
            // Absent: the default directories; given empty: no unix socket at all.
            AllowSockets = (parseResult.GetValue(options.AllowSockets) ?? environment(ServeOptions.AllowSocketsVariable)) is { } sockets
                ? List(sockets)
                : null,
        };
        ReadFigures(parseResult, options, environment, settings, errors);
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

    private static void ReadFigures(ParseResult parseResult, ServeOptions options, Func<string, string?> environment,
        VitalsServerOptions settings, List<string> errors)
    {
        foreach (var figure in options.Figures)
        {
            if (!figure.TryRead(parseResult, environment, out var value, out var error))
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
