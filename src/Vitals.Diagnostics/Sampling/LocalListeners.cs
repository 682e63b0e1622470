using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Vitals.Diagnostics.Sampling;

/// <summary>
/// What this machine knows about itself: its own addresses, and the TCP listening sockets in /proc/net/tcp and tcp6
/// (the view <c>ss -ltn</c> gives). Only meaningful when the target is one of this machine's addresses.
/// </summary>
internal static class LocalListeners
{
    private const string ListenState = "0A";

    /// <summary>True when <paramref name="address"/> is assigned to an interface of this machine (this namespace).</summary>
    public static bool IsLocalAddress(IPAddress address)
    {
        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    if (unicast.Address.Equals(address))
                    {
                        return true;
                    }
                }
            }
        }
        catch (NetworkInformationException)
        {
            return false;
        }

        return false;
    }

    /// <summary>Local addresses with a TCP socket listening on <paramref name="port"/>; null when /proc is not there.</summary>
    public static List<IPAddress>? ListeningOn(int port)
    {
        if (!File.Exists("/proc/net/tcp"))
        {
            return null;
        }

        var found = new List<IPAddress>();
        foreach (var path in (ReadOnlySpan<string>)["/proc/net/tcp", "/proc/net/tcp6"])
        {
            if (!File.Exists(path))
            {
                continue;
            }

            foreach (var line in File.ReadLines(path).Skip(1))
            {
                // "  sl  local_address rem_address   st ...": HEXIP:HEXPORT, st 0A = LISTEN.
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 3 && fields[3] == ListenState && TryParse(fields[1], out var address, out var listenPort)
                    && listenPort == port)
                {
                    found.Add(address);
                }
            }
        }

        return found;
    }

    /// <summary>True for 0.0.0.0 and ::, which accept connections to every local address.</summary>
    public static bool IsWildcard(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    private static bool TryParse(string field, out IPAddress address, out int port)
    {
        address = IPAddress.None;
        port = 0;
        var colon = field.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !int.TryParse(field.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out port))
        {
            return false;
        }

        var hex = field.AsSpan(0, colon);
        if (hex.Length is not (8 or 32))
        {
            return false;
        }

        // The kernel prints each 32-bit word in host order (little-endian here), so bytes are reversed per word.
        var bytes = new byte[hex.Length / 2];
        for (var word = 0; word < bytes.Length / 4; word++)
        {
            for (var i = 0; i < 4; i++)
            {
                var pos = (word * 8) + ((3 - i) * 2);
                if (!byte.TryParse(hex.Slice(pos, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out bytes[(word * 4) + i]))
                {
                    return false;
                }
            }
        }

        address = new IPAddress(bytes);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6;
    }
}
