using System.Net;
using System.Net.Sockets;

namespace Vitals.Core.Targets;

/// <summary>Parses the operator's lists of networks (<c>--allow-targets</c>, <c>--deny-targets</c>): CIDRs or bare addresses.</summary>
public static class TargetNetworks
{
    /// <summary>
    /// Parses one network: <c>10.0.0.0/8</c>, <c>fd00::/8</c>, or a bare address meaning just that address
    /// (<c>::1</c> is <c>::1/128</c>). An IPv4-mapped IPv6 network is taken as its IPv4 network, as addresses are.
    /// </summary>
    /// <returns>The network, or null with <paramref name="error"/> saying what is wrong.</returns>
    public static IPNetwork? Parse(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = null;
        var trimmed = text.Trim();
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? trimmed : trimmed[..slash];
        if (addressText.Length == 0 || addressText.Contains('%', StringComparison.Ordinal)
            || !IPAddress.TryParse(addressText, out var address))
        {
            error = $"'{text}' is not a network: write a CIDR such as 10.0.0.0/8 or fd00::/8, or a single address";
            return null;
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(trimmed.AsSpan(slash + 1), System.Globalization.NumberStyles.None, null, out prefix) || prefix > bits))
        {
            error = $"'{text}' has a bad prefix length: 0 to {bits} for an IPv{(bits == 32 ? 4 : 6)} network";
            return null;
        }

        if (address.IsIPv4MappedToIPv6 && prefix >= 96)
        {
            address = address.MapToIPv4();
            prefix -= 96;
        }

        var network = new IPNetwork(Truncate(address, prefix), prefix);
        if (!network.BaseAddress.Equals(address))
        {
            error = $"'{text}' has address bits set past its prefix: did you mean {network}?";
            return null;
        }

        return network;
    }

    /// <summary>Parses a comma-separated list (spaces allowed, empty items ignored), collecting every error.</summary>
    public static IReadOnlyList<IPNetwork> ParseList(IEnumerable<string>? items, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var networks = new List<IPNetwork>();
        foreach (var item in items ?? [])
        {
            foreach (var part in (item ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (Parse(part, out var error) is { } network)
                {
                    networks.Add(network);
                }
                else
                {
                    errors.Add(error!);
                }
            }
        }

        return networks;
    }

    private static IPAddress Truncate(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }
}
