using Vitals.Core.Probing;
using Vitals.Diagnostics.Sampling;

namespace Vitals.Diagnostics.Checks;

/// <summary>
/// D4: the check port's SYNs go unanswered. Whether the host answers on another port (SYN-ACK or RST) separates a
/// filter on this port from a host that is silent everywhere; both are reported as FIREWALL_DROP, with that fact in
/// the evidence and the advice.
/// </summary>
internal sealed class FirewallCheck : IDiagnosticCheck
{
    public async Task RunAsync(DiagnosisContext context)
    {
        if (context.CheckPortOutcome != TcpOutcome.Timeout)
        {
            return;
        }

        var request = context.Request;
        var checkPort = request.CheckPort;
        int? otherPort = null;
        TcpSample? other = null;
        foreach (var sample in context.ServingPortSamples)
        {
            otherPort = request.ServingPort;
            other = sample;
            if (sample.Outcome.HostAnswered())
            {
                break;
            }
        }

        if (other is null || !other.Value.Outcome.HostAnswered())
        {
            // A port next to the check port: a refusal from it proves the host is up and only this port is filtered.
            otherPort = checkPort < 65535 ? checkPort + 1 : checkPort - 1;
            if (otherPort == request.ServingPort)
            {
                otherPort = checkPort > 2 ? checkPort - 1 : checkPort + 2;
            }

            var probe = await context.ConnectAsync(otherPort.Value, 1, $"TCP connect to another port ({context.Format(otherPort.Value)})");
            other = probe.Count > 0 ? probe[0] : other;
        }

        bool? hostAnswers = other is { } seen ? seen.Outcome.HostAnswered() : null;
        var evidence = Evidence.Tcp(checkPort, context.CheckPortSamples);
        evidence["timeout_ms"] = context.Spec.Timeout * 1000;
        evidence["other_port"] = otherPort;
        evidence["other_port_outcome"] = other?.Outcome.ToWire();
        evidence["host_answers_elsewhere"] = hostAnswers;
        var advice = $"TCP connection attempts to {context.Format(checkPort)} time out without any answer, which is what a firewall "
            + $"that drops packets looks like. Allow inbound TCP {checkPort} from the load balancer's health-check source range in "
            + "the host firewall, any security software, the security group and the network ACL. For testing, add a temporary "
            + "allow rule rather than switching the firewall off.";
        advice += hostAnswers switch
        {
            true => $" The host does answer on port {otherPort}, so it is up and only this port is filtered.",
            false => " The host does not answer on another port either: it may also be stopped or unreachable, or filtered as a whole.",
            null => "",
        };
        context.Add(new Finding
        {
            Cause = Causes.FirewallDrop,
            Verdict = FindingVerdict.Problem,
            Check = $"{context.CheckPortSamples.Count} raw TCP connect(s) to {context.Format(checkPort)}"
                + (otherPort is null ? "" : $", 1 to port {otherPort}"),
            Evidence = evidence,
            Advice = advice,
            NlbReasonCode = ReasonCode.ConnectTimeout.ToNlb(),
            CheckCode = CheckCode.L4Tout.ToWire(),
        });
    }
}
