using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Vitals.Testing;

/// <summary>
/// A TCP server on 127.0.0.1, port 0, that runs <c>handle</c> for each connection: the backend of probe tests.
/// With a certificate it first completes a TLS handshake and records the SNI the client sent. Handler failures
/// are kept in <see cref="Errors"/> rather than lost.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<LoopbackConnection, Task> _handle;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _acceptLoop;
    private int _accepted;

    private LoopbackServer(Func<LoopbackConnection, Task> handle, X509Certificate2? certificate)
    {
        _handle = handle;
        _certificate = certificate;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(64);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _acceptLoop = AcceptLoopAsync();
    }

    public IPEndPoint EndPoint { get; }

    public int Port => EndPoint.Port;

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    public ConcurrentQueue<Exception> Errors { get; } = new();

    /// <summary>TLS servers: the SNI of each ClientHello, in order ("" when the client sent none).</summary>
    public ConcurrentQueue<string> ServerNames { get; } = new();

    public static LoopbackServer Start(Func<LoopbackConnection, Task> handle) => new(handle, null);

    public static LoopbackServer StartTls(X509Certificate2 certificate, Func<LoopbackConnection, Task> handle) => new(handle, certificate);

    /// <summary>An HTTP server that answers every request with <paramref name="response"/> and closes.</summary>
    public static LoopbackServer Http(string response, ConcurrentQueue<string>? requests = null, X509Certificate2? certificate = null)
        => new(async connection =>
        {
            requests?.Enqueue(await connection.ReadRequestHeadAsync());
            await connection.WriteAsync(response);
            connection.Socket.Shutdown(SocketShutdown.Send);
            await connection.StaySilentAsync();
        }, certificate);

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            _connections.Add(ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            string? serverName = null;
            if (_certificate is not null)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsServerAsync(static (_, hello, state, _) =>
                {
                    // Recorded at ClientHello: a checker may reset the connection before the server's side completes.
                    var server = (LoopbackServer)state!;
                    server.ServerNames.Enqueue(hello.ServerName ?? "");
                    return ValueTask.FromResult(new SslServerAuthenticationOptions { ServerCertificate = server._certificate });
                }, this, _stopping.Token);
                serverName = ssl.TargetHostName;
            }

            await _handle(new LoopbackConnection(socket, stream, serverName, _stopping.Token));
        }
        catch (Exception e) when (!_stopping.IsCancellationRequested)
        {
            Errors.Enqueue(e);
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            // The test is over; whatever the connection was doing no longer matters.
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        await Task.WhenAll(_connections).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(static _ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }
}
