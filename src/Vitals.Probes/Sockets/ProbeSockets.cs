using System.Net;
using System.Net.Sockets;

namespace Vitals.Probes.Sockets;

/// <summary>Creates check sockets configured the way HAProxy's checker configures them.</summary>
internal static class ProbeSockets
{
    private const int IpProtoTcp = 6;
    private const int TcpQuickAck = 12;

    /// <summary>SO_LINGER {on, 0}: close sends RST, so the checker leaves no TIME_WAIT behind.</summary>
    private static readonly LingerOption ResetOnClose = new(true, 0);

    /// <summary>
    /// A TCP socket that closes with RST. With <paramref name="halfOpen"/>, delayed ACKs are switched on
    /// (TCP_QUICKACK off) before connecting, so the handshake's last ACK is held back and the RST of an immediate
    /// close replaces it: the backend never accepts the connection (HAProxy's plain TCP check).
    /// </summary>
    public static Socket CreateTcp(IPEndPoint endPoint, bool halfOpen)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            socket.LingerState = ResetOnClose;
            if (halfOpen && OperatingSystem.IsLinux())
            {
                ReadOnlySpan<byte> off = [0, 0, 0, 0];
                socket.SetRawSocketOption(IpProtoTcp, TcpQuickAck, off);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static Socket CreateUdp(IPEndPoint endPoint) => new(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
}
