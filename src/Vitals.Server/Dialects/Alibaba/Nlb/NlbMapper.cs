using Vitals.Control.Health;
using Vitals.Core.Health;
using Vitals.Core.Probing;
using Vitals.Core.Resources;

namespace Vitals.Server.Dialects.Alibaba.Nlb;

/// <summary>
/// Native listener protocols and member states in NLB's vocabulary (alibaba-nlb.md §5.3). NLB has four non-normal
/// server states and no admin switch on a backend: a server taken out of service has weight 0 (<c>Unused</c>), and
/// <c>Unavailable</c> means the server group's health check is off, so it only appears with <c>HeathCheckEnabled</c> false.
/// </summary>
internal static class NlbMapper
{
    /// <summary>
    /// NLB listeners are layer 4: <c>TCP</c>, <c>UDP</c> or <c>TCPSSL</c>. An HTTP listener forwards TCP connections and
    /// is reported as <c>TCP</c>; an HTTPS listener terminates TLS as a TCPSSL listener does and is reported as <c>TCPSSL</c>.
    /// </summary>
    public static string Protocol(ListenerProtocol protocol) => protocol switch
    {
        ListenerProtocol.Tcp or ListenerProtocol.Http => "TCP",
        ListenerProtocol.Udp => "UDP",
        ListenerProtocol.TcpSsl or ListenerProtocol.Https => "TCPSSL",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null),
    };

    /// <summary>The <c>Status</c> of a non-normal server whose group has the given <c>HeathCheckEnabled</c>.</summary>
    public static string Status(MemberLiveHealth live, bool healthCheckEnabled)
    {
        ArgumentNullException.ThrowIfNull(live);
        if (!healthCheckEnabled)
        {
            return "Unavailable";
        }

        if (live.State != HealthState.Unavailable)
        {
            return live.State.ToString();
        }

        // Checks are on for the group but not for this server. Switched off by hand (member or pool admin state down):
        // it takes no traffic, which NLB shows as Unused. Otherwise (e.g. the target policy refuses its address) no
        // check result exists although checks are configured: NLB's Initial.
        return !live.Member.AdminStateUp || live.Pool is { AdminStateUp: false } ? "Unused" : "Initial";
    }

    /// <summary>The failure cause, only for a server whose checks ran and failed (Initial or Unhealthy).</summary>
    public static NlbReason? Reason(MemberLiveHealth live)
    {
        ArgumentNullException.ThrowIfNull(live);
        return live.State is HealthState.Initial or HealthState.Unhealthy && live.Checked && live.Failure?.ToNlb() is { } code
            ? new NlbReason(code)
            : null;
    }
}
