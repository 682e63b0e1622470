using System.Net;
using System.Net.Sockets;

namespace Vitals.Core.Targets;

/// <summary>
/// Which addresses the server may open a connection to on a tenant's behalf (member checks, diagnosis, exporter scrapes):
/// the defence against server-side request forgery. Decided in this order, the first match winning, as a firewall reads
/// its rules:
/// <list type="number">
/// <item><c>--deny-targets</c>: always denied, whatever else says;</item>
/// <item><c>--allow-targets</c>: allowed, lifting the built-in rules below;</item>
/// <item>built-in rules, denied: cloud metadata, loopback, unspecified, link-local, multicast, broadcast, the host's own addresses;</item>
/// <item>anything else (private ranges such as 10.0.0.0/8 included) is allowed.</item>
/// </list>
/// Addresses are normalised first: an IPv4-mapped IPv6 address (<c>::ffff:169.254.169.254</c>) is checked as its IPv4
/// address; other spellings (<c>2130706433</c>, <c>0x7f.1</c>, <c>0177.0.0.1</c>) are already one address once parsed.
/// </summary>
/// <remarks>
/// Pure and immutable: the host hands in its interface addresses. A check allocates nothing but the verdict's message,
/// and it runs when a target is written or registered, never per probe.
/// </remarks>
public sealed class TargetPolicy
{
    private static readonly IPAddress[] CloudMetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"),   // AWS, GCP, Azure IMDS, OpenStack, DigitalOcean, Oracle...
        IPAddress.Parse("100.100.100.200"),   // Alibaba Cloud
        IPAddress.Parse("fd00:ec2::254"),     // AWS IMDS over IPv6
        IPAddress.Parse("168.63.129.16"),     // Azure wire server
    ];

    private static readonly IPNetwork Loopback4 = IPNetwork.Parse("127.0.0.0/8");
    private static readonly IPNetwork Unspecified4 = IPNetwork.Parse("0.0.0.0/8");
    private static readonly IPNetwork LinkLocal4 = IPNetwork.Parse("169.254.0.0/16");
    private static readonly IPNetwork LinkLocal6 = IPNetwork.Parse("fe80::/10");
    private static readonly IPNetwork Multicast4 = IPNetwork.Parse("224.0.0.0/4");
    private static readonly IPNetwork Multicast6 = IPNetwork.Parse("ff00::/8");

    private readonly IPNetwork[] _allow;
    private readonly IPNetwork[] _deny;
    private readonly IPAddress[] _hostAddresses;

    /// <param name="allow">Networks allowed despite the built-in rules (<c>--allow-targets</c>).</param>
    /// <param name="deny">Networks always denied (<c>--deny-targets</c>).</param>
    /// <param name="hostAddresses">The server host's own interface addresses.</param>
    public TargetPolicy(IEnumerable<IPNetwork> allow, IEnumerable<IPNetwork> deny, IEnumerable<IPAddress> hostAddresses)
    {
        ArgumentNullException.ThrowIfNull(allow);
        ArgumentNullException.ThrowIfNull(deny);
        ArgumentNullException.ThrowIfNull(hostAddresses);
        _allow = [.. allow];
        _deny = [.. deny];
        _hostAddresses = [.. hostAddresses.Select(Normalize).Distinct()];
    }

    /// <summary>The built-in rules alone: nothing allowed or denied by the operator, no host addresses known.</summary>
    public static TargetPolicy Default { get; } = new([], [], []);

    /// <summary>Allows every address: the CLI's own tools, which act for the operator, not for a tenant.</summary>
    public static TargetPolicy Unrestricted { get; } = new([IPNetwork.Parse("0.0.0.0/0"), IPNetwork.Parse("::/0")], [], []);

    /// <summary>The networks of <c>--allow-targets</c>.</summary>
    public IReadOnlyList<IPNetwork> Allow => _allow;

    /// <summary>The networks of <c>--deny-targets</c>.</summary>
    public IReadOnlyList<IPNetwork> Deny => _deny;

    /// <summary>The server host's addresses, denied unless allowed.</summary>
    public IReadOnlyList<IPAddress> HostAddresses => _hostAddresses;

    /// <summary>The same policy with more allowed networks (<c>--demo</c> adds its loopback backends).</summary>
    public TargetPolicy AllowAlso(IEnumerable<IPNetwork> more) => new([.. _allow, .. more], _deny, _hostAddresses);

    /// <summary>An IPv4-mapped IPv6 address as its IPv4 address; any other address unchanged (scope id dropped).</summary>
    public static IPAddress Normalize(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0
            ? new IPAddress(address.GetAddressBytes())
            : address;
    }

    /// <summary>Decides about one address; see the class remarks for the order.</summary>
    public TargetVerdict Check(IPAddress address)
    {
        var normal = Normalize(address);
        if (Find(_deny, normal) is { } denied)
        {
            return new TargetVerdict(normal, TargetRule.DenyTargets, denied);
        }

        if (Find(_allow, normal) is { } allowed)
        {
            return new TargetVerdict(normal, TargetRule.AllowTargets, allowed);
        }

        return new TargetVerdict(normal, BuiltInRule(normal), null);
    }

    /// <summary>Parses the address text and checks it; null when the text is not an address (other rules report that).</summary>
    public TargetVerdict? Check(string address) => IPAddress.TryParse(address, out var parsed) ? Check(parsed) : null;

    /// <summary>
    /// Checks a URL's host when it is an address literal; null for a host name, which can only be checked on the addresses
    /// it resolves to when the connection is made.
    /// </summary>
    public TargetVerdict? CheckHost(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var address) ? Check(address) : null;
    }

    private TargetRule BuiltInRule(IPAddress address)
    {
        foreach (var metadata in CloudMetadataAddresses)
        {
            if (metadata.Equals(address))
            {
                return TargetRule.CloudMetadata;
            }
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return Loopback4.Contains(address) ? TargetRule.Loopback
                : Unspecified4.Contains(address) ? TargetRule.Unspecified
                : LinkLocal4.Contains(address) ? TargetRule.LinkLocal
                : Multicast4.Contains(address) ? TargetRule.Multicast
                : address.Equals(IPAddress.Broadcast) ? TargetRule.Broadcast
                : IsHostAddress(address) ? TargetRule.HostAddress
                : TargetRule.None;
        }

        return address.Equals(IPAddress.IPv6Loopback) ? TargetRule.Loopback
            : address.Equals(IPAddress.IPv6Any) ? TargetRule.Unspecified
            : LinkLocal6.Contains(address) ? TargetRule.LinkLocal
            : Multicast6.Contains(address) ? TargetRule.Multicast
            : IsHostAddress(address) ? TargetRule.HostAddress
            : TargetRule.None;
    }

    private bool IsHostAddress(IPAddress address)
    {
        foreach (var host in _hostAddresses)
        {
            if (host.Equals(address))
            {
                return true;
            }
        }

        return false;
    }

    private static IPNetwork? Find(IPNetwork[] networks, IPAddress address)
    {
        foreach (var network in networks)
        {
            if (network.Contains(address))
            {
                return network;
            }
        }

        return null;
    }
}
