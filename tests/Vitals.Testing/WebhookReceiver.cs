using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vitals.Testing;

/// <summary>
/// A webhook receiver on 127.0.0.1: a plain HTTP/1.1 server that keeps every POST it gets (headers, body, arrival)
/// and answers <see cref="Status"/> with <c>Connection: close</c>. <see cref="StopAsync"/> closes its port (connections are
/// refused) and <see cref="Restart"/> opens the same port again: a receiver that is down for a while.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private Socket? _listener;
    private CancellationTokenSource? _stopping;
    private Task _acceptLoop = Task.CompletedTask;

    private WebhookReceiver(int port) => Port = port;

    public int Port { get; private set; }

    public Uri Url => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/hook");

    /// <summary>The status every request is answered with.</summary>
    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    /// <summary>Every request received, in arrival order (also those answered with an error status).</summary>
    public ConcurrentQueue<ReceivedWebhook> Requests { get; } = new();

    /// <summary>The requests answered 2xx, in order.</summary>
    public IReadOnlyList<ReceivedWebhook> Accepted => [.. Requests.Where(static r => (int)r.AnsweredStatus is >= 200 and < 300)];

    public static WebhookReceiver Start()
    {
        var receiver = new WebhookReceiver(0);
        receiver.Open();
        return receiver;
    }

    /// <summary>Opens the port again after <see cref="StopAsync"/>.</summary>
    public void Restart() => Open();

    /// <summary>Closes the port: new connections are refused until <see cref="Restart"/>.</summary>
    public async Task StopAsync()
    {
        Socket? listener;
        CancellationTokenSource? stopping;
        lock (_gate)
        {
            listener = _listener;
            stopping = _stopping;
            _listener = null;
            _stopping = null;
        }

        if (stopping is not null)
        {
            await stopping.CancelAsync();
        }

        listener?.Dispose();
        await _acceptLoop;
        stopping?.Dispose();
    }

    /// <summary>Waits until <paramref name="condition"/> holds on the accepted requests; fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> condition, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var accepted = Accepted;
            if (condition(accepted))
            {
                return accepted;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"the webhook receiver did not get what was expected within {timeout}: {accepted.Count} accepted, "
                    + $"{Requests.Count} received: {string.Join(" | ", accepted.Select(static r => r.Text))}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private void Open()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, Port));
        listener.Listen(64);
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var stopping = new CancellationTokenSource();
        lock (_gate)
        {
            _listener = listener;
            _stopping = stopping;
        }

        _acceptLoop = AcceptLoopAsync(listener, stopping.Token);
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken stopping)
    {
        var connections = new List<Task>();
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var socket = await listener.AcceptAsync(stopping);
                connections.Add(ServeAsync(socket, stopping));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // stopped
        }

        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(Socket socket, CancellationToken stopping)
    {
        using var _ = socket;
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int headEnd;
            while ((headEnd = IndexOfHeadEnd(buffer)) < 0)
            {
                var read = await stream.ReadAsync(chunk, stopping);
                if (read == 0)
                {
                    return;
                }

                buffer.Write(chunk, 0, read);
            }

            var head = Encoding.ASCII.GetString(buffer.GetBuffer(), 0, headEnd);
            var lines = head.Split("\r\n");
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                }
            }

            var length = headers.TryGetValue("Content-Length", out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : 0;
            var bodyStart = headEnd + 4;
            while (buffer.Length - bodyStart < length)
            {
                var read = await stream.ReadAsync(chunk, stopping);
                if (read == 0)
                {
                    return;
                }

                buffer.Write(chunk, 0, read);
            }

            var body = buffer.GetBuffer().AsSpan(bodyStart, length).ToArray();
            var status = Status;
            Requests.Enqueue(new ReceivedWebhook(headers, body, TimeProvider.System.GetUtcNow(), status));
            var response = $"HTTP/1.1 {(int)status} {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response), stopping);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            // the client went away, or the receiver stopped
        }
    }

    private static int IndexOfHeadEnd(MemoryStream buffer) =>
        buffer.GetBuffer().AsSpan(0, (int)buffer.Length).IndexOf("\r\n\r\n"u8);
}

/// <summary>One request a <see cref="WebhookReceiver"/> got.</summary>
public sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset At,
    HttpStatusCode AnsweredStatus)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
