using System.Text.Json.Nodes;
using Vitals.Core.Probing;
using Vitals.Diagnostics.Sampling;

namespace Vitals.Diagnostics.Checks;

/// <summary>
/// D2: the check probes one port and the listener forwards traffic to another. Connects to the serving port and
/// compares: the application answering only on the serving port (checks fail, traffic would work) or only on the
/// check port (checks pass, traffic fails) is PORT_MISMATCH.
/// </summary>
internal sealed class PortMismatchCheck : IDiagnosticCheck
{
    public async Task RunAsync(DiagnosisContext context)
    {
        var request = context.Request;
        if (context.CheckPortOutcome is not { } checkOutcome)
        {
            return;
        }

        if (request.ServingPort == request.CheckPort)
        {
            if (!checkOutcome.IsOpen())
            {
                context.NotChecked("whether the application listens on another port: give the listener's backend port "
                    + "(--backend-port), or look on the host (ss -ltnp)");
            }

            return;
        }

        var samples = await context.ConnectAsync(request.ServingPort, Math.Min(2, request.Samples),
            $"TCP connect to the backend port {context.Format(request.ServingPort)}");
        context.ServingPortSamples.AddRange(samples);
        if (Majority.Of(samples) is not { } servingOutcome || checkOutcome.IsOpen() == servingOutcome.IsOpen())
        {
            return;
        }

        var evidence = new JsonObject
        {
            ["check_port"] = Evidence.Tcp(request.CheckPort, context.CheckPortSamples),
            ["backend_port"] = Evidence.Tcp(request.ServingPort, samples),
        };
        var check = $"raw TCP connects to the check port {request.CheckPort} and the backend port {request.ServingPort}";
        context.Add(servingOutcome.IsOpen()
            ? new Finding
            {
                Cause = Causes.PortMismatch,
                Verdict = FindingVerdict.Problem,
                Check = check,
                Evidence = evidence,
                Advice = $"The health check probes port {request.CheckPort}, but the application listens on {request.ServingPort}. "
                    + $"Either point the health check at {request.ServingPort} (leave the check port empty to reuse the backend port) "
                    + $"or make the application listen on {request.CheckPort}.",
                NlbReasonCode = (checkOutcome == TcpOutcome.Timeout ? ReasonCode.ConnectTimeout : ReasonCode.ConnectFailed).ToNlb(),
                CheckCode = (checkOutcome == TcpOutcome.Timeout ? CheckCode.L4Tout : CheckCode.L4Con).ToWire(),
            }
            : new Finding
            {
                Cause = Causes.PortMismatch,
                Verdict = FindingVerdict.Problem,
                Check = check,
                Evidence = evidence,
                Advice = $"The health check probes port {request.CheckPort}, which answers, but traffic is forwarded to "
                    + $"{request.ServingPort}, where nothing accepts connections ({servingOutcome.ToWire()}): the server looks healthy "
                    + $"while clients fail. Start the service on {request.ServingPort}, or forward traffic to {request.CheckPort}.",
            });
    }
}
