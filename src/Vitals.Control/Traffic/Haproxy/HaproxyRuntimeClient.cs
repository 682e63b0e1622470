using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vitals.Control.Targets;

namespace Vitals.Control.Traffic.Haproxy;

/// <summary>
/// Talks to one HAProxy's runtime API (the stats socket at <c>level admin</c>): every call opens one connection,
/// sends its whole batch of commands at once and reads every answer back (see <see cref="HaproxyCliFraming"/>), so a
/// thousand <c>set server</c> commands cost one connect, one write and a few reads. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// A TCP endpoint is checked against the target policy (the <c>refuse</c> function) on every address it resolves to
/// before anything connects; a unix socket is local by nature and not checked.
/// </remarks>
public sealed partial class HaproxyRuntimeClient
{
    private const int ReceiveChunk = 16 * 1024;

    private readonly TimeProvider _timeProvider;
    private readonly Func<IPAddress, string?>? _refuse;

    /// <param name="endpoint">Where the runtime API listens.</param>
    /// <param name="timeProvider">The clock for timeouts and retry delays; the system's when null.</param>
    /// <param name="refuse">
    /// The target policy for TCP endpoints: null when an address may be connected to, else why not
    /// (<c>address =&gt; policy.Check(address).Refusal</c>). Null allows every address (the CLI acting for the operator).
    /// </param>
    public HaproxyRuntimeClient(HaproxyEndpoint endpoint, TimeProvider? timeProvider = null, Func<IPAddress, string?>? refuse = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Endpoint = endpoint;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _refuse = refuse;
    }

    /// <summary>A client whose TCP connections go through the server's target policy.</summary>
    public HaproxyRuntimeClient(HaproxyEndpoint endpoint, TargetGuard guard, TimeProvider? timeProvider = null)
        : this(endpoint, timeProvider, RefuseBy(guard))
    {
    }

    public HaproxyEndpoint Endpoint { get; }

    /// <summary>The most a connect may take.</summary>
    /// <value>2 seconds.</value>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The most one call may take, connect, send and every answer included.</summary>
    /// <value>10 seconds.</value>
    public TimeSpan ExchangeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Runs one command of the caller's own text (see <see cref="HaproxyCommand.CheckRaw"/>) and returns HAProxy's answer.</summary>
    public async Task<string> ExecuteAsync(string command, CancellationToken cancellationToken)
    {
        var answers = await ExecuteBatchAsync([command], cancellationToken);
        return answers[0];
    }

    /// <summary>
    /// Runs <paramref name="commands"/> in order on one connection and returns each one's answer, in the same order,
    /// without its trailing line end (empty for a silent success). HAProxy runs every command even when one before it
    /// failed.
    /// </summary>
    public async Task<IReadOnlyList<string>> ExecuteBatchAsync(IReadOnlyList<string> commands, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commands);
        for (var i = 0; i < commands.Count; i++)
        {
            if (HaproxyCommand.CheckRaw(commands[i]) is { } error)
            {
                throw new ArgumentException($"command {i + 1}: {error}", nameof(commands));
            }
        }

        return commands.Count == 0 ? [] : await ExchangeAsync(commands, cancellationToken);
    }

    /// <summary>Runs typed commands on one connection; each result says whether HAProxy answered success. Throws only for the connection.</summary>
    public async Task<IReadOnlyList<HaproxyCommandResult>> RunAsync(IReadOnlyList<HaproxyCommand> commands, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commands);
        if (commands.Count == 0)
        {
            return [];
        }

        var texts = new string[commands.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = commands[i].Text ?? throw new ArgumentException($"command {i + 1} is default", nameof(commands));
        }

        var answers = await ExchangeAsync(texts, cancellationToken);
        var results = new HaproxyCommandResult[answers.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = new HaproxyCommandResult(commands[i], answers[i]);
        }

        return results;
    }

    /// <summary>Runs one typed command; throws <see cref="HaproxyRuntimeException"/> unless HAProxy answered success. Returns the answer.</summary>
    public async Task<string> RunAsync(HaproxyCommand command, CancellationToken cancellationToken)
    {
        var results = await RunAsync([command], cancellationToken);
        results[0].ThrowIfFailed();
        return results[0].Answer;
    }

    private static Func<IPAddress, string?> RefuseBy(TargetGuard guard)
    {
        ArgumentNullException.ThrowIfNull(guard);
        var policy = guard.Policy;
        return address => policy.Check(address).Refusal;
    }

    private async Task<List<string>> ExchangeAsync(IReadOnlyList<string> commands, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(ExchangeTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var request = HaproxyCliFraming.BuildRequest(commands, out var requestLength);
        byte[]? response = null;
        try
        {
            using var socket = await ConnectAsync(linked.Token, cancellationToken);
            Task<(byte[] Buffer, int Length)>? receive = null;
            try
            {
                // Reading starts before writing: HAProxy answers while it reads, and a large batch must not fill both
                // directions' buffers with nobody draining ours.
                receive = ReceiveToEndAsync(socket, linked.Token);
                await socket.SendAsync(request.AsMemory(0, requestLength), SocketFlags.None, linked.Token);
                (response, var length) = await receive;
                var answers = HaproxyCliFraming.SplitAnswers(response.AsSpan(0, length), commands.Count)
                    ?? throw new HaproxyConnectionException(Endpoint, "the answer is not a runtime API conversation (is this a stats socket?)");
                if (answers.Count < commands.Count)
                {
                    throw new HaproxyConnectionException(Endpoint, string.Create(CultureInfo.InvariantCulture,
                        $"HAProxy closed the connection after {answers.Count} of {commands.Count} answers"));
                }

                return answers;
            }
            catch when (receive is { IsCompleted: false })
            {
                // The send failed: closing the socket ends the read, which is then observed and dropped.
                socket.Dispose();
                try
                {
                    var (buffer, _) = await receive;
                    ArrayPool<byte>.Shared.Return(buffer);
                }
                catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
                {
                    // The send's exception is the one to report.
                }

                throw;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HaproxyConnectionException(Endpoint, string.Create(CultureInfo.InvariantCulture,
                $"no complete answer within {ExchangeTimeout.TotalSeconds:0.###} s"));
        }
        catch (SocketException ex)
        {
            throw new HaproxyConnectionException(Endpoint, ex.Message, ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(request);
            if (response is not null)
            {
                ArrayPool<byte>.Shared.Return(response);
            }
        }
    }

    private static async Task<(byte[] Buffer, int Length)> ReceiveToEndAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveChunk);
        var length = 0;
        try
        {
            while (true)
            {
                if (buffer.Length - length < ReceiveChunk / 4)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
