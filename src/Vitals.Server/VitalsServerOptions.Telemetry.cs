using Vitals.Server.Telemetry;

namespace Vitals.Server;

public sealed partial class VitalsServerOptions
{
    /// <summary>How log lines are written (to stderr): the platform's simple console formatter on one line, or JSON.</summary>
    /// <value>Text</value>
    public LogFormat LogFormat { get; set; } = LogFormat.Text;

    /// <summary>
    /// Base URL of an OTLP receiver (an OpenTelemetry collector) that gets the service's own traces, metrics and logs, e.g.
    /// <c>http://127.0.0.1:4318</c>; null: nothing is exported. See docs/observability.md.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The OTLP transport: <c>http/protobuf</c> (paths <c>/v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>) or <c>grpc</c>.</summary>
    /// <value>http/protobuf</value>
    public string OtlpProtocol { get; set; } = OwnTelemetry.HttpProtobuf;

    /// <summary>The OTLP endpoint, parsed; null when none is set or it is not an absolute http(s) URL (the validator says so).</summary>
    internal Uri? OtlpUri() =>
        !string.IsNullOrEmpty(OtlpEndpoint) && Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : null;
}
