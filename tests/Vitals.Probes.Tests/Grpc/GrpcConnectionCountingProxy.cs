using System.Net;
using System.Net.Sockets;

namespace Vitals.Probes.Tests.Grpc;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a real server that counts the client connections it accepts and how many
/// of them the client has closed: what a test needs to see that every check opens, and ends, its own connection.
/// </summary>
internal sealed class GrpcConnectionCountingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _relays = [];
    private readonly Task _acceptLoop;
    private int _accepted;
    private int _closedByClient;

    public GrpcConnectionCountingProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Accepted => Volatile.Read(ref _accepted);

    public int ClosedByClient => Volatile.Read(ref _closedByClient);

    /// <summary>Waits (bounded) until the clients have closed at least <paramref name="count"/> connections.</summary>
    public async Task<bool> WaitForClosedAsync(int count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 200 && ClosedByClient < count; i++)
        {
            await Task.Delay(50, cancellationToken);
        }

        return ClosedByClient >= count;
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptSocketAsync(_stop.Token);
                Interlocked.Increment(ref _accepted);
                lock (_relays)
                {
                    _relays.Add(RelayAsync(client));
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using (client)
        {
            try
            {
                await upstream.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _upstreamPort), _stop.Token);
                var toServer = PumpAsync(client, upstream);
                var toClient = PumpAsync(upstream, client);
                await toServer;
                // The client closed (FIN or RST) its side: that is what the count is about.
                if (!_stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _closedByClient);
                }

                await toClient;
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Reset or closed: this direction is over.
        }

        try
        {
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The loop ends on the cancelled accept before the listener stops (never an accept on a stopped listener).
        await _stop.CancelAsync();
        await _acceptLoop;
        _listener.Stop();
        Task[] relays;
        lock (_relays)
        {
            relays = [.. _relays];
        }

        await Task.WhenAll(relays);
        _stop.Dispose();
    }
}
