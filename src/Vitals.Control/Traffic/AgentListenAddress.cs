using System.Net;

namespace Vitals.Control.Traffic;

/// <summary>
/// Where the agent-check responder may listen: HAProxy's agent protocol has no authentication, so only loopback and
/// private networks (RFC 1918, the shared address space 100.64.0.0/10, IPv6 unique local fc00::/7 and ::1), never an
/// unspecified (any) or public address.
/// </summary>
public static class AgentListenAddress
{
    private static readonly IPNetwork[] s_allowed =
    [
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("fc00::/7"),
    ];

    /// <summary>What the error messages say is allowed.</summary>
    public const string Rule = "a loopback or private address (127.0.0.0/8, 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, "
        + "100.64.0.0/10, ::1, fc00::/7): the agent protocol is unauthenticated";

    /// <summary>Parses <c>ADDRESS:PORT</c> (IPv4, or <c>[IPv6]:PORT</c>; port 0 picks a free one) and checks the address.</summary>
    /// <returns>False with <paramref name="error"/> for text that is not ADDRESS:PORT or an address not allowed.</returns>
    public static bool TryParse(string? text, out IPEndPoint endPoint, out string error)
    {
        endPoint = new IPEndPoint(IPAddress.Loopback, 0);
        if (string.IsNullOrWhiteSpace(text) || !text.Contains(':', StringComparison.Ordinal)
            || !IPEndPoint.TryParse(text, out var parsed) || (text.Count(static c => c == ':') > 1 && !text.StartsWith('[')))
        {
            error = $"must be ADDRESS:PORT, e.g. 127.0.0.1:5555 or [::1]:5555 (got '{text}')";
            return false;
        }

        if (!IsAllowed(parsed.Address))
        {
            error = $"must be {Rule} (got '{text}')";
            return false;
        }

        endPoint = parsed;
        error = "";
        return true;
    }

    /// <summary>Loopback or private; IPv4-mapped IPv6 addresses are judged as IPv4.</summary>
    public static bool IsAllowed(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var judged = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        foreach (var network in s_allowed)
        {
            if (network.Contains(judged))
            {
                return true;
            }
        }

        return false;
    }
}
