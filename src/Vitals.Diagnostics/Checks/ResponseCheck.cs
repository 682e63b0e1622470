using Vitals.Core.Monitoring;
using Vitals.Core.Probing;

namespace Vitals.Diagnostics.Checks;

/// <summary>
/// D8, D9, D13 and the rest: what the configured check saw when it was not a status or TLS matter. A broken answer
/// (NOT_HTTP), a cut one (CONNECTION_RESET), none in time (RESPONSE_TIMEOUT), gRPC not serving, UDP refused or
/// silent, passes and failures alternating (FLAPPING), and anything else (CHECK_FAILED with the reason code).
/// </summary>
internal sealed class ResponseCheck : IDiagnosticCheck
{
    public Task RunAsync(DiagnosisContext context)
    {
        var results = context.CheckResults;
        if (results.Count == 0 || context.Has(Causes.TlsRequired) || context.Has(Causes.PlaintextOnTlsPort)
            || context.Has(Causes.TlsFailure) || context.Has(Causes.WrongHost))
        {
            return Task.CompletedTask;
        }

        var spec = context.Spec;
        var port = context.Request.CheckPort;
        var check = $"{results.Count} {spec.Type.ToWire()} check(s) of {context.Format(port)}";
        if (Majority.FailureReason(results) is not { } reason)
        {
            AddPassingFindings(context, check);
            return Task.CompletedTask;
        }

        if (reason is ReasonCode.HttpCodeNotMatch or ReasonCode.TlsHandshakeFailed or ReasonCode.TlsHandshakeTimeout)
        {
            // Statuses are HttpStatusCheck's and handshakes TlsCheck's; here only what they do not explain.
            AddFlapping(context, check);
            return Task.CompletedTask;
        }

        var failed = Majority.First(results, reason);
        var (cause, verdict, advice) = reason switch
        {
            ReasonCode.HttpInvalidHeader or ReasonCode.GrpcInvalidResponse => (Causes.NotHttp, FindingVerdict.Problem,
                $"Something answers on {port}, but not with a valid {(reason == ReasonCode.GrpcInvalidResponse ? "gRPC" : "HTTP")} "
                + $"response (first bytes: {Excerpt(failed.Content)}). Check that the port runs the web service and not another "
                + "protocol (database, TLS-only, PROXY-protocol-only), or change the check type to TCP."),
            ReasonCode.ConnectInterrupt => (Causes.ConnectionReset, FindingVerdict.Problem,
                $"The backend closed the connection while answering ({failed.Detail}); look for crashes, worker limits or a proxy "
                + "in front of the application."),
            ReasonCode.RecvResponseTimeout => (Causes.ResponseTimeout, FindingVerdict.Problem,
                $"The backend accepts the connection but does not answer the health-check request within {spec.Timeout} s. The "
                + "application is stuck or overloaded; check CPU, memory, thread/worker pools, and what the health-check page does."),
            ReasonCode.GrpcNotServing or ReasonCode.GrpcStatusNotMatch => (Causes.GrpcNotServing, FindingVerdict.Problem,
                $"The gRPC health service answers {failed.Detail} (status {failed.StatusCode}). Make the service report SERVING, "
                + "or check that the health service is registered for the name being checked."),
            ReasonCode.ConnectFailed when spec.Type == HealthMonitorType.UdpConnect => (Causes.UdpNotListening, FindingVerdict.Problem,
                $"The host reports that nothing listens on UDP {port} (ICMP port unreachable); start the service or fix the port."),
            _ => (Causes.CheckFailed, FindingVerdict.Problem,
                $"The health check fails with {reason.ToWire()} ({failed.Detail}) although the TCP connection works: "
                + "the failure may be intermittent; run the diagnosis again and watch the backend's logs."),
        };

        context.Add(new Finding
        {
            Cause = cause,
            Verdict = verdict,
            Check = check,
            Evidence = Evidence.Probe(results),
            Advice = advice,
            NlbReasonCode = reason.ToNlb(),
            CheckCode = failed.CheckCode.ToWire(),
        });
        AddFlapping(context, check);
        return Task.CompletedTask;
    }

    /// <summary>The check passes: say so, and add what passing cannot prove (UDP) or how steady it is.</summary>
    private static void AddPassingFindings(DiagnosisContext context, string check)
    {
        if (context.Spec.Type == HealthMonitorType.UdpConnect)
        {
            context.Add(new Finding
            {
                Cause = Causes.UdpInconclusive,
                Verdict = FindingVerdict.CannotTell,
                Check = check,
                Evidence = Evidence.Probe(context.CheckResults),
                Advice = "UDP checks cannot prove the service works when it sends no reply: no ICMP port-unreachable came back, "
                    + "which is all a UDP check can see. If possible expose a TCP or HTTP health endpoint.",
            });
        }

        AddFlapping(context, check);
    }

    private static void AddFlapping(DiagnosisContext context, string check)
    {
        var results = context.CheckResults;
        var passed = results.FindAll(static r => r.IsSuccess).Count;
        if (passed == 0 || passed == results.Count)
        {
            return;
        }

        context.Add(new Finding
        {
            Cause = Causes.Flapping,
            Verdict = FindingVerdict.Problem,
            Check = check,
            Evidence = Evidence.Probe(results),
            Advice = $"The check passed {passed} of {results.Count} times: the backend answers intermittently, so its health flaps. "
                + "Look for overload, a restarting service, or several servers answering behind one address.",
        });
    }

    private static string Excerpt(string? content)
    {
        if (string.IsNullOrEmpty(content))
        {
            return "none";
        }

        var text = content.Length > 32 ? content[..32] : content;
        return "\"" + text + "\"";
    }
}
