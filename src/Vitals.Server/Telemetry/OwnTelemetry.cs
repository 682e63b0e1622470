using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Vitals.Server.Telemetry;

/// <summary>
/// The service's own traces and metrics (ASP.NET Core requests, outgoing HttpClient calls: webhooks, Alertmanager,
/// node_exporter scrapes; .NET runtime figures) and its logs, exported over OTLP only when an endpoint is configured.
/// Without one, no OpenTelemetry service is registered at all. The member series stay in <c>/metrics</c>.
/// </summary>
public static class OwnTelemetry
{
    public const string HttpProtobuf = "http/protobuf";

    public const string Grpc = "grpc";

    /// <summary>The <c>service.name</c> of the exported resource.</summary>
    public const string ServiceName = "vitals";

    /// <summary>Whether <paramref name="protocol"/> is one the exporter speaks (<c>http/protobuf</c> or <c>grpc</c>).</summary>
    public static bool IsProtocol(string? protocol) => protocol is HttpProtobuf or Grpc;

    public static IServiceCollection AddOwnTelemetry(this IServiceCollection services, VitalsServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        if (options.OtlpUri() is not { } endpoint)
        {
            return services;
        }

        var protocol = options.OtlpProtocol == Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: BuildInfo.Version,
                serviceInstanceId: options.NodeId))
            .WithTracing(tracing => tracing
                // A scrape every 15 s is not worth a trace each: Prometheus has its own record of them.
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = static context => !context.Request.Path.StartsWithSegments("/metrics"))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            // The base URL: for http/protobuf the exporter appends each signal's path (/v1/traces, /v1/metrics, /v1/logs).
            .UseOtlpExporter(protocol, endpoint);
        return services;
    }
}
