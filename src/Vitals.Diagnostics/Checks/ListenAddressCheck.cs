using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Vitals.Core.Probing;
using Vitals.Diagnostics.Sampling;

namespace Vitals.Diagnostics.Checks;

/// <summary>
/// D3's "listen on the right address" (troubleshooting.md §4.1): connections to the target are refused, yet a socket
/// listens on that port on another address of this machine. Only loopback (LOOPBACK_ONLY) or some other local address
/// (OTHER_ADDRESS_ONLY, naming it). Provable only when the target is an address of this machine: then the listening
/// sockets (/proc/net/tcp, tcp6) are visible and a connect to the address it does listen on confirms. Otherwise it says
/// what to look at on the host.
/// </summary>
internal sealed class ListenAddressCheck : IDiagnosticCheck
{
    /// <summary>Addresses named in a finding, at most (a port bound on many addresses but not the target one is rare).</summary>
    private const int MaxNamed = 8;

    public async Task RunAsync(DiagnosisContext context)
    {
        if (context.CheckPortOutcome != TcpOutcome.Refused)
        {
            return;
        }

        var address = context.Request.Address;
        var port = context.Request.CheckPort;
        if (!LocalListeners.IsLocalAddress(address))
        {
            context.NotChecked($"which addresses the service listens on: needs a look on the backend host (ss -ltnp | grep :{port}); "
                + $"0.0.0.0:{port}, [::]:{port} or {address}:{port} is good, 127.0.0.1:{port} only is not");
            return;
        }

        var listening = LocalListeners.ListeningOn(port);
        if (listening is null)
        {
            // No /proc: only the loopback case can still be confirmed, by connecting to loopback.
            if (!IPAddress.IsLoopback(address))
            {
                var loopback = LoopbackOf(address);
                var probe = await context.ConnectAsync(new IPEndPoint(loopback, port), 1, $"TCP connect to {loopback} port {port}");
                if (probe.Count > 0 && probe[0].Outcome.IsOpen())
                {
                    AddLoopbackOnly(context, [], probe[0].Outcome, loopback);
                }
            }

            return;
        }

        // Nothing listens at all (NOTHING_LISTENING says so), or something listens where the target is covered: a
        // wildcard or the target address itself (then the refusal comes from elsewhere, e.g. a REJECT rule).
        if (listening.Count == 0 || listening.Exists(a => LocalListeners.IsWildcard(a) || a.Equals(address)))
        {
            return;
        }

        var elsewhere = listening.Distinct().Take(MaxNamed).ToList();
        var confirm = elsewhere[0];
        var connect = await context.ConnectAsync(new IPEndPoint(confirm, port), 1, $"TCP connect to {At(confirm, port)}");
        var confirmed = connect.Count > 0 ? connect[0].Outcome : (TcpOutcome?)null;
        if (!IPAddress.IsLoopback(address) && elsewhere.TrueForAll(IPAddress.IsLoopback))
        {
            AddLoopbackOnly(context, elsewhere, confirmed, confirm);
            return;
        }

        var named = string.Join(", ", elsewhere.Select(a => At(a, port)));
        context.Add(new Finding
        {
            Cause = Causes.OtherAddressOnly,
            Verdict = FindingVerdict.Problem,
            Check = $"listening sockets on port {port} of this host, and a TCP connect to {At(confirm, port)}",
            Evidence = Evidence(port, elsewhere, confirmed, confirm),
            Advice = $"The service listens on port {port} only on {named}, not on {address}, so connections to "
                + $"{At(address, port)} are refused. Make it bind to {address} or to all addresses (0.0.0.0 / ::), "
                + $"or point the health check (the member's address) at {confirm} if that is the address it should serve on.",
            NlbReasonCode = ReasonCode.ConnectFailed.ToNlb(),
            CheckCode = CheckCode.L4Con.ToWire(),
        });
    }

    private static void AddLoopbackOnly(DiagnosisContext context, List<IPAddress> listening, TcpOutcome? loopbackConnect, IPAddress loopback)
    {
        var address = context.Request.Address;
        var port = context.Request.CheckPort;
        context.Add(new Finding
        {
            Cause = Causes.LoopbackOnly,
            Verdict = FindingVerdict.Problem,
            Check = $"listening sockets on port {port} of this host, and a TCP connect to {At(loopback, port)}",
            Evidence = Evidence(port, listening, loopbackConnect, loopback, "loopback_connect"),
            Advice = $"The service listens on port {port} only on the loopback address, so connections to {address}:{port} are "
                + $"refused. Make it bind to {address} or to all addresses (0.0.0.0 / ::) instead of 127.0.0.1 / localhost.",
            NlbReasonCode = ReasonCode.ConnectFailed.ToNlb(),
            CheckCode = CheckCode.L4Con.ToWire(),
        });
    }

    private static JsonObject Evidence(int port, List<IPAddress> listening, TcpOutcome? connect, IPAddress connectedTo,
        string connectKey = "listening_address_connect")
    {
        var addresses = new JsonArray();
        foreach (var listener in listening)
        {
            addresses.Add((JsonNode)listener.ToString());
        }

        return new JsonObject
        {
            ["port"] = port,
            ["target_is_local"] = true,
            ["listening_on"] = addresses,
            ["connected_to"] = connectedTo.ToString(),
            [connectKey] = connect?.ToWire(),
            ["target_connect"] = TcpOutcome.Refused.ToWire(),
        };
    }

    private static string At(IPAddress address, int port) => DiagnosisContext.Format(new IPEndPoint(address, port));

    private static IPAddress LoopbackOf(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
}
