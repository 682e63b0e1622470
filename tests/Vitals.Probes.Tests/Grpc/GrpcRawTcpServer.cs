using System.Net;
using System.Net.Sockets;

namespace Vitals.Probes.Tests.Grpc;

/// <summary>
/// A misbehaving peer on 127.0.0.1: accepts connections and either stays silent (holds them open, reads nothing)
/// or reads the first bytes of the client's HTTP/2 preface and resets the connection (RST, linger 0), or reads all
/// the client sends and closes cleanly (FIN) without a byte of answer.
/// </summary>
internal sealed class GrpcRawTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly bool _reset;
    private readonly bool _graceful;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _held = [];
    private readonly Task _acceptLoop;
    private int _accepted;

    private GrpcRawTcpServer(bool reset, bool graceful = false)
    {
        _reset = reset;
        _graceful = graceful;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Accepted => Volatile.Read(ref _accepted);

    public static GrpcRawTcpServer Silent() => new(reset: false);

    public static GrpcRawTcpServer ResetAfterRequest() => new(reset: true);

    public static GrpcRawTcpServer ClosesAfterRequest() => new(reset: true, graceful: true);

    /// <summary>Waits (bounded) until at least <paramref name="count"/> connections were accepted.</summary>
    public async Task WaitForAcceptedAsync(int count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 200 && Accepted < count; i++)
        {
            await Task.Delay(50, cancellationToken);
        }

        Assert.True(Accepted >= count, $"expected {count} accepted connections, saw {Accepted}");
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                Interlocked.Increment(ref _accepted);
                if (_reset)
                {
                    _ = ResetAsync(socket);
                }
                else
                {
                    lock (_held)
                    {
                        _held.Add(socket);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        catch (SocketException)
        {
            // Listener closed.
        }
    }

    private async Task ResetAsync(Socket socket)
    {
        using (socket)
        {
            var buffer = new byte[64];
            try
            {
                // The client's preface ("PRI * HTTP/2.0...") shows the request is on its way; then cut.
                await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                // Cut anyway.
            }

            if (_graceful)
            {
                await DrainAsync(socket, buffer);
                socket.Shutdown(SocketShutdown.Both);
            }
            else
            {
                socket.LingerState = new LingerOption(true, 0);
            }
        }
    }

    // Unread bytes at close make the kernel send a reset; read what the client sent (until it pauses) so the close is a FIN.
    private async Task DrainAsync(Socket socket, byte[] buffer)
    {
        for (var i = 0; i < 100; i++)
        {
            using var pause = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            pause.CancelAfter(TimeSpan.FromMilliseconds(200));
            try
            {
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, pause.Token) == 0)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Cancel the pending accept and let the loop end before the listener stops: a loop between two accepts
        // would otherwise call AcceptSocketAsync on a stopped listener.
        await _stop.CancelAsync();
        await _acceptLoop;
        _listener.Stop();
        lock (_held)
        {
            foreach (var socket in _held)
            {
                socket.Dispose();
            }
        }

        _stop.Dispose();
    }
}
