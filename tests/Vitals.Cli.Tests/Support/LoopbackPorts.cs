using System.Net;
using System.Net.Sockets;

namespace Vitals.Cli.Tests.Support;

/// <summary>Loopback ports in a known state.</summary>
public static class LoopbackPorts
{
    /// <summary>A port on 127.0.0.1 that was just bound and released: connecting to it is refused.</summary>
    public static int Closed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
