using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vitals.Testing;

/// <summary>Loopback TCP facts for tests: a refused port, TIME_WAIT sockets on a port.</summary>
public static class LoopbackTcp
{
    /// <summary>A loopback TCP port with nothing listening (bound, then released): connecting is refused.</summary>
    public static IPEndPoint RefusedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)socket.LocalEndPoint!;
    }

    /// <summary>
    /// IPv4 sockets in TIME_WAIT whose local or remote port is <paramref name="port"/>, from /proc/net/tcp; null
    /// where that file does not exist (not Linux).
    /// </summary>
    public static int? CountTimeWait(int port)
    {
        const string Path = "/proc/net/tcp";
        if (!File.Exists(Path))
        {
            return null;
        }

        var count = 0;
        foreach (var line in File.ReadLines(Path).Skip(1))
        {
            // "  sl  local_address rem_address   st ..." with addresses as HEXIP:HEXPORT and st 06 = TIME_WAIT.
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 3 && fields[3] == "06" && (PortOf(fields[1]) == port || PortOf(fields[2]) == port))
            {
                count++;
            }
        }

        return count;
    }

    private static int PortOf(string address) => int.Parse(address.AsSpan(address.IndexOf(':') + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
