using System.Net;
using System.Text.Json.Nodes;
using Vitals.Core.Probing;
using Vitals.Diagnostics.Sampling;

namespace Vitals.Diagnostics.Checks;

/// <summary>
/// D3's sub-case: the service listens only on 127.0.0.1 or ::1, so connections to the address the checker uses are
/// refused. Provable only when the target is an address of this machine: then the listening sockets (/proc/net/tcp,
/// tcp6) are visible and a connect to loopback can confirm. Otherwise it says what to look at on the host.
/// </summary>
internal sealed class LoopbackOnlyCheck : IDiagnosticCheck
{
    public async Task RunAsync(DiagnosisContext context)
    {
        if (context.CheckPortOutcome != TcpOutcome.Refused)
        {
            return;
        }

        var address = context.Request.Address;
        var port = context.Request.CheckPort;
        if (IPAddress.IsLoopback(address))
        {
            return;
        }

        if (!LocalListeners.IsLocalAddress(address))
        {
            context.NotChecked($"which addresses the service listens on: needs a look on the backend host (ss -ltnp | grep :{port}); "
                + $"0.0.0.0:{port}, [::]:{port} or {address}:{port} is good, 127.0.0.1:{port} only is not");
            return;
        }

        var listening = LocalListeners.ListeningOn(port);
        var loopback = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        var probe = await context.ConnectAsync(new IPEndPoint(loopback, port), 1, $"TCP connect to {loopback} port {port}");
        var loopbackOpen = probe.Count > 0 && probe[0].Outcome.IsOpen();
        var onlyLoopback = listening is null ? loopbackOpen : listening.Count > 0 && listening.TrueForAll(IPAddress.IsLoopback);
        if (!onlyLoopback)
        {
            return;
        }

        var addresses = new JsonArray();
        foreach (var listener in listening ?? [])
        {
            addresses.Add((JsonNode)listener.ToString());
        }

        context.Add(new Finding
        {
            Cause = Causes.LoopbackOnly,
            Verdict = FindingVerdict.Problem,
            Check = $"listening sockets on port {port} of this host, and a TCP connect to {loopback}:{port}",
            Evidence = new JsonObject
            {
                ["port"] = port,
                ["target_is_local"] = true,
                ["listening_on"] = addresses,
                ["loopback_connect"] = probe.Count > 0 ? probe[0].Outcome.ToWire() : null,
                ["target_connect"] = TcpOutcome.Refused.ToWire(),
            },
            Advice = $"The service listens on port {port} only on the loopback address, so connections to {address}:{port} are "
                + $"refused. Make it bind to {address} or to all addresses (0.0.0.0 / ::) instead of 127.0.0.1 / localhost.",
            NlbReasonCode = ReasonCode.ConnectFailed.ToNlb(),
            CheckCode = CheckCode.L4Con.ToWire(),
        });
    }
}
