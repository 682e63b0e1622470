using Vitals.Testing;

namespace Vitals.Cli.Tests.Traffic;

/// <summary>An HTTP backend on 127.0.0.1 that answers 200 or 500, as the test switches it.</summary>
internal sealed class SwitchableBackend : IAsyncDisposable
{
    private const string Ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
    private const string Error = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\nConnection: close\r\n\r\noops";

    private readonly LoopbackServer _server;
    private volatile bool _failing;

    public SwitchableBackend()
    {
        _server = LoopbackServer.Start(async connection =>
        {
            await connection.ReadRequestHeadAsync();
            await connection.WriteAsync(_failing ? Error : Ok);
            connection.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            await connection.StaySilentAsync();
        });
    }

    public int Port => _server.Port;

    /// <summary>True: every request is answered 500.</summary>
    public bool Failing
    {
        get => _failing;
        set => _failing = value;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
