using System.Net;
using System.Net.Sockets;

namespace Vitals.Testing;

/// <summary>A UDP socket on 127.0.0.1, port 0, that echoes every datagram or silently swallows it.</summary>
public sealed class LoopbackUdpServer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly bool _echo;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private int _received;

    private LoopbackUdpServer(bool echo)
    {
        _echo = echo;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = LoopAsync();
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Datagrams received so far.</summary>
    public int Received => Volatile.Read(ref _received);

    public static LoopbackUdpServer Echo() => new(echo: true);

    public static LoopbackUdpServer Silent() => new(echo: false);

    /// <summary>A loopback UDP port with nothing bound to it (bound, then released).</summary>
    public static IPEndPoint ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)socket.LocalEndPoint!;
    }

    private async Task LoopAsync()
    {
        var buffer = new byte[2048];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stopping.Token);
                Interlocked.Increment(ref _received);
                if (_echo)
                {
                    await _socket.SendToAsync(buffer.AsMemory(0, result.ReceivedBytes), SocketFlags.None, result.RemoteEndPoint, _stopping.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // An ICMP error from an earlier echo: keep serving.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _socket.Dispose();
        await _loop;
        _stopping.Dispose();
    }
}
