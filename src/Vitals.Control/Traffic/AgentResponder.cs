using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Vitals.Core.Traffic;

namespace Vitals.Control.Traffic;

/// <summary>
/// Answers HAProxy's agent check (configuration.txt, "agent-check"): HAProxy connects, sends its <c>agent-send</c> string
/// (the member id and a newline), and reads one line: the member's rotation as <see cref="AgentReply"/> words it, from the
/// <see cref="RotationBook"/> in memory, never from the store. Then the connection is closed.
/// </summary>
/// <remarks>
/// One accept loop; each connection is an async method that usually completes inline (HAProxy's request is already in
/// the socket when it is accepted), with one pooled buffer for request and reply and a pooled timeout source. At most
/// <see cref="AgentResponderOptions.MaxConnections"/> connections are served at once: the accept loop waits for a free
/// slot, leaving the rest in the kernel's queue. The protocol is unauthenticated, like HAProxy's: it listens only on
/// loopback or a private address (<see cref="AgentListenAddress"/>).
/// </remarks>
public sealed partial class AgentResponder : IHostedService, IDisposable
{
    /// <summary>
    /// The answer for an id Vitals does not know (or a request too long to be one): a word HAProxy does not know, which it
    /// reports as "agent reports an error : unknown-member" on its stats page without changing the server's state.
    /// </summary>
    internal static ReadOnlySpan<byte> UnknownMember => "unknown-member\n"u8;

    private const int BufferBytes = AgentResponderOptions.MaxRequestBytes + AgentReply.MaxBytes;

    private readonly RotationBook _book;
    private readonly AgentResponderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentResponder> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentBag<CancellationTokenSource> _timeouts = [];
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task? _accepting;

    internal AgentResponder(RotationBook book, AgentResponderOptions options, TimeProvider time, ILogger<AgentResponder> logger)
    {
        _book = book;
        _options = options;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(options.MaxConnections, options.MaxConnections);
    }

    /// <summary>Where it listens once started (the real port when the options asked for port 0); null before.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var listener = new Socket(_options.Listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(_options.Listen);
            listener.Listen(_options.MaxConnections);
        }
        catch (SocketException ex)
        {
            listener.Dispose();
            throw new InvalidOperationException($"agent-listen: cannot listen on {_options.Listen}: {ex.Message}", ex);
        }

        _listener = listener;
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        Log.Listening(_logger, LocalEndPoint);
        using (ExecutionContext.SuppressFlow())
        {
            _accepting = AcceptAsync(listener, _stopping.Token);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_accepting is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener?.Dispose();
        await _accepting;

        // Connections still being served end within the read timeout: wait for every slot, as long as the host lets us.
        for (var i = 0; i < _options.MaxConnections; i++)
        {
            if (!await _slots.WaitAsync(_options.ReadTimeout * 2, cancellationToken))
            {
                break;
            }
        }
    }

    public void Dispose()
    {
        _listener?.Dispose();
        _stopping.Dispose();
        while (_timeouts.TryTake(out var timeout))
        {
            timeout.Dispose();
        }
    }

    /// <summary>
    /// The reply to one request (the bytes received, at most <see cref="AgentResponderOptions.MaxRequestBytes"/>):
    /// no request or an empty line → an empty line; an id → the member's line; an unknown id, a request with no end of
    /// line that fills the buffer, or bytes that cannot be an id → <see cref="UnknownMember"/>.
    /// </summary>
    internal int Answer(ReadOnlySpan<byte> request, Span<byte> reply)
    {
        var end = request.IndexOfAny((byte)'\n', (byte)'\r');
        if (end < 0 && request.Length >= AgentResponderOptions.MaxRequestBytes)
        {
            Log.Oversize(_logger);
            return Unknown(reply);
        }

        var id = (end < 0 ? request : request[..end]).Trim(" \t"u8);
        if (id.IsEmpty)
        {
            reply[0] = (byte)'\n';
            return 1;
        }

        foreach (var b in id)
        {
            if (b is <= (byte)' ' or >= 127)
            {
                return Unknown(reply);
            }
        }

        var memberId = Encoding.ASCII.GetString(id);
        if (_book.GetMember(memberId) is not { } found)
        {
            Log.UnknownMember(_logger, memberId);
            return Unknown(reply);
        }

        return AgentReply.Write(found.Member.Rotation, found.Pool.WithWeight, found.Member.Detail, reply);
    }

    private static int Unknown(Span<byte> reply)
    {
        UnknownMember.CopyTo(reply);
        return UnknownMember.Length;
    }

    private async Task AcceptAsync(Socket listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _slots.WaitAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && stopping.IsCancellationRequested)
            {
                _slots.Release();
                return;
            }
            catch (SocketException ex)
            {
                // Out of file descriptors or a connection reset while queued: say so, breathe, go on.
                _slots.Release();
                Log.AcceptFailed(_logger, ex.SocketErrorCode);
                await Task.Delay(TimeSpan.FromMilliseconds(50), _time, CancellationToken.None);
                continue;
            }

            // Not awaited: the connection completes on its own (usually inline, before the next accept) and frees its slot.
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            client.NoDelay = true;
            var received = await ReceiveAsync(client, buffer.AsMemory(0, AgentResponderOptions.MaxRequestBytes));
            var length = Answer(buffer.AsSpan(0, received), buffer.AsSpan(AgentResponderOptions.MaxRequestBytes, AgentReply.MaxBytes));

            // At most 256 bytes into a fresh connection's send buffer: completes at once, no timeout needed.
            await client.SendAsync(buffer.AsMemory(AgentResponderOptions.MaxRequestBytes, length), SocketFlags.None);
        }
        catch (SocketException ex)
        {
            Log.ConnectionFailed(_logger, ex.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            // stopping
        }
        finally
        {
            client.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
            _slots.Release();
        }
    }

    /// <summary>Reads until an end of line, the peer's end of sending, a full buffer or the read timeout; returns the bytes read.</summary>
    private async ValueTask<int> ReceiveAsync(Socket client, Memory<byte> buffer)
    {
        var timeout = RentTimeout();
        var total = 0;
        try
        {
            while (total < buffer.Length)
            {
                var read = await client.ReceiveAsync(buffer[total..], SocketFlags.None, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                total += read;
                if (buffer.Span.Slice(total - read, read).IndexOfAny((byte)'\n', (byte)'\r') >= 0)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // No (more) request: HAProxy without agent-send sends nothing; answer what came.
        }
        finally
        {
            ReturnTimeout(timeout);
        }

        return total;
    }

    private CancellationTokenSource RentTimeout()
    {
        if (!_timeouts.TryTake(out var timeout))
        {
            timeout = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        }

        timeout.CancelAfter(_options.ReadTimeout);
        return timeout;
    }

    private void ReturnTimeout(CancellationTokenSource timeout)
    {
        if (timeout.TryReset())
        {
            _timeouts.Add(timeout);
        }
        else
        {
            timeout.Dispose();
        }
    }
}
