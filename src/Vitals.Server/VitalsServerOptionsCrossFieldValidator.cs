using Microsoft.Extensions.Options;
using Vitals.Control.Traffic;
using Vitals.Core.Targets;
using Vitals.Engine;

namespace Vitals.Server;

/// <summary>
/// The rules of <see cref="VitalsServerOptions"/> beyond one field's range: the store must be one the server can open, and
/// the engine figures must agree with each other (<see cref="EngineOptionsCrossFieldValidator"/>).
/// </summary>
public sealed class VitalsServerOptionsCrossFieldValidator : IValidateOptions<VitalsServerOptions>
{
    private static readonly EngineOptionsCrossFieldValidator s_engine = new();

    public ValidateOptionsResult Validate(string? name, VitalsServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        if (!VitalsServer.TryCheckStore(options.Store, out var storeError))
        {
            builder.AddError(storeError, nameof(VitalsServerOptions.Store));
        }

        Networks(builder, options.AllowTargets, nameof(VitalsServerOptions.AllowTargets));
        if (options.AgentListen is not null && !AgentListenAddress.TryParse(options.AgentListen, out _, out var agentError))
        {
            builder.AddError(agentError, nameof(VitalsServerOptions.AgentListen));
        }

        Networks(builder, options.DenyTargets, nameof(VitalsServerOptions.DenyTargets));
        var alertmanagerErrors = new List<string>();
        Control.Notifications.AlertmanagerUrls.Parse(options.Alertmanager, alertmanagerErrors);
        foreach (var error in alertmanagerErrors)
        {
            builder.AddError(error, nameof(VitalsServerOptions.Alertmanager));
        }

        if (!string.IsNullOrEmpty(options.PublicUrl) && options.PublicUri() is null)
        {
            builder.AddError($"the public URL must be an absolute http or https URL, not '{options.PublicUrl}'", nameof(VitalsServerOptions.PublicUrl));
        }

        Directories(builder, options.AllowSockets, nameof(VitalsServerOptions.AllowSockets));
        if (!string.IsNullOrEmpty(options.OtlpEndpoint) && options.OtlpUri() is null)
        {
            builder.AddError($"the OTLP endpoint must be an absolute http or https URL, not '{options.OtlpEndpoint}'", nameof(VitalsServerOptions.OtlpEndpoint));
        }

        if (!Telemetry.OwnTelemetry.IsProtocol(options.OtlpProtocol))
        {
            builder.AddError($"the OTLP protocol must be http/protobuf or grpc, not '{options.OtlpProtocol}'", nameof(VitalsServerOptions.OtlpProtocol));
        }

        if (options.Engine is { } engine)
        {
            builder.AddResult(s_engine.Validate(name, engine));
        }

        return builder.Build();
    }

    /// <summary>Every item of the socket list must be an absolute directory without '..'.</summary>
    private static void Directories(ValidateOptionsResultBuilder builder, IList<string>? list, string property)
    {
        var errors = new List<string>();
        SocketPathPolicy.ParseList(list, errors);
        foreach (var error in errors)
        {
            builder.AddError(error, property);
        }
    }

    /// <summary>Every item of a target list must be a network (CIDR) or an address.</summary>
    private static void Networks(ValidateOptionsResultBuilder builder, IList<string>? list, string property)
    {
        var errors = new List<string>();
        TargetNetworks.ParseList(list, errors);
        foreach (var error in errors)
        {
            builder.AddError(error, property);
        }
    }
}
