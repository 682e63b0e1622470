using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vitals.Cli.Tests.Support;

/// <summary>
/// An HTTP/1.1 backend on 127.0.0.1 port 0 that answers with its own name in the body and closes: 200, or 500 while
/// <see cref="Failing"/> (every path), or 500 on <c>/health</c> only while <see cref="HealthFailing"/> (an application
/// that still serves while its health check fails).
/// </summary>
public sealed class NamedHttpBackend : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private volatile bool _failing;
    private volatile bool _healthFailing;
    private int _served;

    public NamedHttpBackend(string name)
    {
        Name = name;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public string Name { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Answers 500 to every request.</summary>
    public bool Failing { get => _failing; set => _failing = value; }

    /// <summary>Answers 500 to <c>/health</c>, 200 to the rest.</summary>
    public bool HealthFailing { get => _healthFailing; set => _healthFailing = value; }

    /// <summary>Requests for paths other than <c>/health</c>.</summary>
    public int Served => Volatile.Read(ref _served);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = AnswerAsync(client);
        }
    }

    private async Task AnswerAsync(Socket client)
    {
        using (client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                var buffer = new byte[8192];
                var read = 0;
                int end;
                while ((end = buffer.AsSpan(0, read).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    var n = read < buffer.Length ? await client.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, timeout.Token) : 0;
                    if (n == 0)
                    {
                        return;
                    }

                    read += n;
                }

                var health = buffer.AsSpan(0, end).IndexOf(" /health"u8) >= 0;
                if (!health)
                {
                    Interlocked.Increment(ref _served);
                }

                var status = _failing || (health && _healthFailing) ? "500 Internal Server Error" : "200 OK";
                var body = Name + "\n";
                var response = Encoding.ASCII.GetBytes(
                    $"HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
                await client.SendAsync(response, SocketFlags.None, timeout.Token);
                client.Shutdown(SocketShutdown.Send);
                while (await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
                {
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // the peer hung up or the test ended
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _acceptLoop;
        _listener.Stop();
        _stop.Dispose();
    }
}
