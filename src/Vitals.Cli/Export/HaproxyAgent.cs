using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vitals.Cli.Export;

/// <summary>
/// <c>vitals export haproxy --agent ADDR:PORT</c>: every server asks Vitals' agent-check responder for its rotation, at
/// the pool monitor's delay (2 s without one), with <c>weight 100</c> so the agent's percentage is the member's weight.
/// </summary>
/// <param name="Address">The responder's address (<c>vitals serve --agent-listen</c>).</param>
/// <param name="Port">Its port.</param>
internal sealed record HaproxyAgent(IPAddress Address, int Port)
{
    /// <summary>The agent's interval when the pool has no health monitor: HAProxy's own default.</summary>
    public const int DefaultInterSeconds = 2;

    /// <summary>Parses <c>ADDRESS:PORT</c> (IPv4 or <c>[IPv6]:PORT</c>, port 1-65535).</summary>
    public static bool TryParse(string text, out HaproxyAgent? agent)
    {
        agent = null;
        if (!text.Contains(':', StringComparison.Ordinal) || !IPEndPoint.TryParse(text, out var endPoint) || endPoint.Port == 0
            || (endPoint.AddressFamily == AddressFamily.InterNetworkV6 && !text.StartsWith('[')))
        {
            return false;
        }

        agent = new HaproxyAgent(endPoint.Address, endPoint.Port);
        return true;
    }

    /// <summary>
    /// What follows a server's address: <c>weight 100 agent-check agent-addr … agent-port … agent-send "&lt;id&gt;\n"
    /// agent-inter &lt;delay&gt;s</c>.
    /// </summary>
    public void AppendServerWords(StringBuilder sb, string memberId, int? delaySeconds)
    {
        ArgumentNullException.ThrowIfNull(sb);
        sb.Append(CultureInfo.InvariantCulture,
            $" weight 100 agent-check agent-addr {Address} agent-port {Port} agent-send \"{Quoted(memberId)}\\n\" agent-inter {delaySeconds ?? DefaultInterSeconds}s");
    }

    /// <summary>Inside HAProxy's double quotes a backslash, a double quote and a dollar need a backslash (ids never have them).</summary>
    private static string Quoted(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '"' or '$')
            {
                sb.Append('\\');
            }

            sb.Append(c < ' ' ? ' ' : c);
        }

        return sb.ToString();
    }
}
