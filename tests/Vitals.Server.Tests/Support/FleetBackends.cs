using Vitals.Testing;

namespace Vitals.Server.Tests.Support;

/// <summary>Real HTTP backends on 127.0.0.1 for live-status tests.</summary>
public static class FleetBackends
{
    public static LoopbackServer Ok() =>
        LoopbackServer.Http("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");

    public static LoopbackServer Error500() =>
        LoopbackServer.Http("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\nConnection: close\r\n\r\noops");

    /// <summary>A port nobody listens on: connecting is refused.</summary>
    public static int ClosedPort() => LoopbackTcp.RefusedPort().Port;
}
