using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Diagnostics.Sampling;

namespace Vitals.Diagnostics.Checks;

/// <summary>
/// D3, D5 and resets: raw TCP connects to the check port tell refused (NOTHING_LISTENING), ICMP unreachable
/// (HOST_UNREACHABLE), and accepted-then-reset or closed (CONNECTION_RESET). Silence is left to
/// <see cref="FirewallCheck"/>, which needs to know whether the host answers elsewhere.
/// </summary>
internal sealed class ConnectivityCheck : IDiagnosticCheck
{
    public async Task RunAsync(DiagnosisContext context)
    {
        if (context.Spec.Type == HealthMonitorType.UdpConnect)
        {
            return;
        }

        var port = context.Request.CheckPort;
        var what = $"TCP connect to {context.Format(port)}";
        var samples = await context.ConnectAsync(port, context.Request.Samples, what);
        context.CheckPortSamples.AddRange(samples);
        context.CheckPortOutcome = Majority.Of(samples);
        if (context.CheckPortOutcome is not { } outcome)
        {
            return;
        }

        // A plain TCP check passes on a completed handshake (HAProxy's L4OK, every cloud load balancer's TCP check): a
        // backend that accepts and then resets or closes does not fail it, so the check itself still runs.
        var tcpCheck = context.Spec.Type == HealthMonitorType.Tcp;
        var cutAfterAccept = outcome is TcpOutcome.Reset or TcpOutcome.Closed;
        context.TransportFailed = !outcome.IsOpen() && !(tcpCheck && cutAfterAccept);
        var check = $"{samples.Count} raw TCP connect(s) to {context.Format(port)}";
        var evidence = Evidence.Tcp(port, samples);
        switch (outcome)
        {
            case TcpOutcome.Refused:
                context.Add(new Finding
                {
                    Cause = Causes.NothingListening,
                    Verdict = FindingVerdict.Problem,
                    Check = check,
                    Evidence = evidence,
                    Advice = $"Connections to {context.Format(port)} are actively refused, so no process accepts connections there. "
                        + "Start the service, and make sure it binds to the intranet address or to all addresses (0.0.0.0 / ::), "
                        + "not only to localhost.",
                    NlbReasonCode = ReasonCode.ConnectFailed.ToNlb(),
                    CheckCode = CheckCode.L4Con.ToWire(),
                });
                break;
            case TcpOutcome.Unreachable:
                context.Add(new Finding
                {
                    Cause = Causes.HostUnreachable,
                    Verdict = FindingVerdict.Problem,
                    Check = check,
                    Evidence = evidence,
                    Advice = $"The backend host {context.Request.Address} itself cannot be reached (no route or host down). Check that "
                        + "the instance is running and that it is in a subnet the load balancer can route to.",
                    NlbReasonCode = ReasonCode.ConnectFailed.ToNlb(),
                    CheckCode = CheckCode.L4Con.ToWire(),
                });
                break;
            case TcpOutcome.Reset or TcpOutcome.Closed when tcpCheck:
                context.Add(new Finding
                {
                    Cause = Causes.ConnectionReset,
                    Verdict = FindingVerdict.Warning,
                    Check = check + ", then waiting briefly for the server",
                    Evidence = evidence,
                    Advice = $"Something accepts connections on {context.Format(port)} but "
                        + (outcome == TcpOutcome.Reset ? "resets them" : "closes them")
                        + " at once, before any data. A TCP health check only completes the handshake, so it passes (L4OK) and "
                        + "the load balancer keeps sending clients here, whose connections are cut. Look for a crashing or "
                        + "overloaded service (worker or connection limits), access rules in the application (tcp wrappers, allow "
                        + "lists) or a proxy in front of it without a backend; an HTTP or TLS check would catch this.",
                    // What the load balancer reports: a pass, so no NLB failure reason.
                    CheckCode = CheckCode.L4Ok.ToWire(),
                });
                break;
            case TcpOutcome.Reset or TcpOutcome.Closed:
                context.Add(new Finding
                {
                    Cause = Causes.ConnectionReset,
                    Verdict = FindingVerdict.Problem,
                    Check = check + ", then waiting briefly for the server",
                    Evidence = evidence,
                    Advice = $"Something accepts connections on {context.Format(port)} but "
                        + (outcome == TcpOutcome.Reset ? "resets them" : "closes them")
                        + " at once, before any data. Look for a crashing or overloaded service (worker or connection limits), "
                        + "access rules in the application (tcp wrappers, allow lists) or a proxy in front of it without a backend.",
                    NlbReasonCode = ReasonCode.ConnectInterrupt.ToNlb(),
                    CheckCode = CheckCode.L7Rsp.ToWire(),
                });
                break;
            case TcpOutcome.LocalError:
                context.Add(new Finding
                {
                    Cause = Causes.CheckFailed,
                    Verdict = FindingVerdict.CannotTell,
                    Check = check,
                    Evidence = evidence,
                    Advice = "The checker could not open a connection at all (a local error, not the backend): check the machine "
                        + "running the diagnosis (open files, source ports, address family).",
                    NlbReasonCode = ReasonCode.SocketError.ToNlb(),
                    CheckCode = CheckCode.SockErr.ToWire(),
                });
                break;
        }
    }
}
