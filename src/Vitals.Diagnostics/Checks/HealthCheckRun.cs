using Vitals.Core.Monitoring;

namespace Vitals.Diagnostics.Checks;

/// <summary>
/// Runs the configured health check itself a few times (the samples every layer-6/7 check reads). Skipped, and said
/// so, when the TCP connection already fails: no higher layer can succeed then.
/// </summary>
internal sealed class HealthCheckRun : IDiagnosticCheck
{
    public async Task RunAsync(DiagnosisContext context)
    {
        var spec = context.Spec;
        var type = spec.Type.ToWire();
        if (context.TransportFailed)
        {
            var higher = spec.Type switch
            {
                HealthMonitorType.Http => "the HTTP answer (status, host, latency)",
                HealthMonitorType.Https => "the TLS handshake and the HTTP answer (status, host, latency)",
                HealthMonitorType.Tls => "the TLS handshake",
                HealthMonitorType.Grpc => "the gRPC health answer",
                _ => null,
            };
            if (higher is not null)
            {
                context.NotChecked($"{higher}: not checked, the TCP connection to {context.Format(context.Request.CheckPort)} does not work");
            }

            return;
        }

        var results = await context.ProbeAsync(spec, context.Request.CheckPort, context.Request.Samples,
            $"the {type} health check");
        context.CheckResults.AddRange(results);
    }
}
