using Vitals.Core.Monitoring;
using Vitals.Core.Probing;

namespace Vitals.Diagnostics.Checks;

/// <summary>
/// D6 and the reverse case. A TLS check whose handshake fails is retried as plain HTTP: an HTTP answer means the port
/// serves plaintext (PLAINTEXT_ON_TLS_PORT), anything else is TLS_FAILURE. A plain HTTP check that gets garbage or a
/// cut connection is retried over TLS: a TLS answer means the port needs HTTPS (TLS_REQUIRED).
/// </summary>
internal sealed class TlsCheck : IDiagnosticCheck
{
    /// <summary>Any HTTP status proves an HTTP server, whatever the check expects.</summary>
    private static readonly ExpectedCodes AnyStatus = ExpectedCodes.TryParse("200-599", 200, 599, out var codes, out _)
        ? codes : ExpectedCodes.HttpDefault;

    public async Task RunAsync(DiagnosisContext context)
    {
        var spec = context.Spec;
        var results = context.CheckResults;
        var reason = Majority.FailureReason(results);
        if (reason is ReasonCode.TlsHandshakeFailed or ReasonCode.TlsHandshakeTimeout && spec.Type is HealthMonitorType.Https
            or HealthMonitorType.Tls or HealthMonitorType.Grpc)
        {
            await DiagnoseHandshakeAsync(context, reason.Value);
        }
        else if (reason is ReasonCode.HttpInvalidHeader or ReasonCode.ConnectInterrupt
            && spec.Type == HealthMonitorType.Http)
        {
            await TryTlsAsync(context);
        }
    }

    private static async Task DiagnoseHandshakeAsync(DiagnosisContext context, ReasonCode reason)
    {
        var spec = context.Spec;
        var port = context.Request.CheckPort;
        var failed = Majority.First(context.CheckResults, reason);
        var plainSpec = spec with { Type = HealthMonitorType.Http, ExpectedCodes = AnyStatus, UrlPath = spec.Type.IsHttp() ? spec.UrlPath : "/" };
        var plain = await context.ProbeAsync(plainSpec, port, 1, $"a plain HTTP request to {context.Format(port)}");
        var evidence = Evidence.Probe(context.CheckResults);
        evidence["tls_detail"] = failed.Detail;
        if (plain.Count > 0 && plain[0].StatusCode is { } status)
        {
            evidence["plain_http_status"] = status;
            context.Add(new Finding
            {
                Cause = Causes.PlaintextOnTlsPort,
                Verdict = FindingVerdict.Problem,
                Check = $"{spec.Type.ToWire()} check (TLS handshake) and a plain HTTP request to {context.Format(port)}",
                Evidence = evidence,
                Advice = $"The TLS handshake fails ({failed.Detail}), but the port answers plain HTTP (status {status}): the backend "
                    + "serves HTTP, not HTTPS, on this port. Switch the check type to HTTP (or disable SSL towards the server), or "
                    + "enable TLS on the backend.",
                NlbReasonCode = reason.ToNlb(),
                CheckCode = failed.CheckCode.ToWire(),
            });
            return;
        }

        evidence["plain_http"] = plain.Count > 0 ? plain[0].Reason.ToWire() ?? "OK" : null;
        context.Add(new Finding
        {
            Cause = Causes.TlsFailure,
            Verdict = FindingVerdict.Problem,
            Check = $"{spec.Type.ToWire()} check (TLS handshake, SNI {spec.DomainName ?? context.Request.Address.ToString()}) "
                + $"and a plain HTTP request to {context.Format(port)}",
            Evidence = evidence,
            Advice = $"The TCP connection works but the TLS handshake fails ({failed.Detail}). If the backend serves plain HTTP on "
                + "this port, switch the check type to HTTP (or disable SSL towards the server); otherwise enable TLS on the "
                + "backend with a protocol version and cipher the load balancer supports"
                + (spec.DomainName is null ? ", and set the health-check domain if the server needs a host name (SNI)." : "."),
            NlbReasonCode = reason.ToNlb(),
            CheckCode = failed.CheckCode.ToWire(),
        });
    }

    private static async Task TryTlsAsync(DiagnosisContext context)
    {
        var spec = context.Spec;
        var port = context.Request.CheckPort;
        var tls = await context.ProbeAsync(spec with { Type = HealthMonitorType.Https, ExpectedCodes = AnyStatus }, port, 1,
            $"an HTTPS request to {context.Format(port)}");
        if (tls.Count == 0 || tls[0].StatusCode is not { } status)
        {
            return;
        }

        var evidence = Evidence.Probe(context.CheckResults);
        evidence["https_status"] = status;
        var failed = context.CheckResults.Find(static r => !r.IsSuccess);
        context.Add(new Finding
        {
            Cause = Causes.TlsRequired,
            Verdict = FindingVerdict.Problem,
            Check = $"HTTP check and an HTTPS request to {context.Format(port)}",
            Evidence = evidence,
            Advice = $"The port speaks TLS: plain HTTP gets no valid answer, HTTPS gets status {status}. Change the check type to HTTPS.",
            NlbReasonCode = failed.Reason.ToNlb(),
            CheckCode = failed.CheckCode.ToWire(),
        });
    }
}
