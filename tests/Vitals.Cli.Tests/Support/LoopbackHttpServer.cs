using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vitals.Cli.Tests.Support;

/// <summary>
/// A tiny HTTP/1.1 backend on 127.0.0.1 port 0 that answers every request with the same raw bytes and closes;
/// raw so a test can send what a real server never would (escape sequences, markup, bad framing).
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly byte[] _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _requests;

    public LoopbackHttpServer(string rawResponse)
    {
        _response = Encoding.Latin1.GetBytes(rawResponse);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Target => $"127.0.0.1:{Port}";

    /// <summary>Requests whose head was read completely.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static LoopbackHttpServer WithStatus(int status, string reason, string body = "") => new(
        $"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain\r\nContent-Length: {Encoding.Latin1.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}");

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
                while (read < buffer.Length)
                {
                    var n = await client.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, timeout.Token);
                    if (n == 0)
                    {
                        return;
                    }

                    read += n;
                    if (buffer.AsSpan(0, read).IndexOf("\r\n\r\n"u8) >= 0)
                    {
                        break;
                    }
                }

                Interlocked.Increment(ref _requests);
                await client.SendAsync(_response, SocketFlags.None, timeout.Token);
                client.Shutdown(SocketShutdown.Send);
                // Let the client read to the end before the socket closes (a close with unread data would RST).
                while (await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
                {
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The probe hung up or the test ended: nothing to answer.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The loop ends on the cancelled accept before the listener stops (never an accept on a stopped listener).
        await _stop.CancelAsync();
        await _acceptLoop;
        _listener.Stop();
        _stop.Dispose();
    }
}
