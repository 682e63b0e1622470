using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Probes.Failures;
using Vitals.Probes.Sockets;

namespace Vitals.Probes.Http;

/// <summary>
/// HTTP and HTTPS checks over a raw socket: connect, (TLS handshake,) send the prepared request, parse the status
/// line and headers in a pooled buffer, compare the status with the expected codes, then keep the first bytes of
/// the body. One deadline covers every phase; the phase it fires in names the failure. Closes with RST.
/// </summary>
internal sealed class HttpProber(TimeProvider timeProvider) : IProber
{
    /// <summary>The most a status line plus headers may take (HAProxy's default buffer size).</summary>
    private const int BufferSize = 16 * 1024;

    private readonly TimeProvider _timeProvider = timeProvider;
    private readonly DeadlinePool _deadlines = new(timeProvider);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var request = target.HttpRequest ?? throw new ArgumentException("not an HTTP check", nameof(target));
        var checkedAt = _timeProvider.GetUtcNow();
        var clock = new PhaseClock(_timeProvider, _timeProvider.GetTimestamp());
        Socket socket;
        try
        {
            socket = ProbeSockets.CreateTcp(target.EndPoint, halfOpen: false);
        }
        catch (Exception e) when (ProbeFailures.IsTargetFailure(e))
        {
            return ProbeFailures.FromException(e, ProbePhase.Socket).ToResult(clock.Timings(), checkedAt);
        }

        var deadline = _deadlines.Start(target.Timeout, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        SslStream? ssl = null;
        var phase = ProbePhase.Connect;
        var received = 0;
        try
        {
            await socket.ConnectAsync(target.EndPoint, deadline.Token);
            clock.Connected();
            if (target.UseTls)
            {
                phase = ProbePhase.Tls;
                ssl = TlsClient.Create(socket);
                await ssl.AuthenticateAsClientAsync(TlsClient.Options(target), deadline.Token);
                clock.TlsDone();
            }

            phase = ProbePhase.Response;
            await SendAsync(socket, ssl, request, deadline.Token);
            var headStart = 0;
            HttpResponseHead head;
            while (true)
            {
                var status = HttpResponseParser.TryParse(buffer.AsSpan(headStart, received - headStart), out head);
                if (status == HttpParseStatus.Complete && head.IsInterim)
                {
                    headStart += head.Length;
                    continue;
                }

                if (status == HttpParseStatus.Complete)
                {
                    break;
                }

                if (status == HttpParseStatus.Invalid || received == buffer.Length)
                {
                    var failure = status == HttpParseStatus.Invalid ? ProbeFailures.InvalidHttpResponse : ProbeFailures.HttpHeadersTooLarge;
                    return failure.ToResult(clock.Timings(), checkedAt, content: target.Excerpt(buffer.AsSpan(0, received)));
                }

                var read = await ReadAsync(socket, ssl, buffer.AsMemory(received), deadline.Token);
                if (read == 0)
                {
                    return ProbeFailures.ClosedBeforeResponse.ToResult(clock.Timings(), checkedAt, content: target.Excerpt(buffer.AsSpan(0, received)));
                }

                clock.FirstByte();
                received += read;
            }

            var bodyStart = headStart + head.Length;
            var bodyEnd = await ReadBodyAsync(socket, ssl, buffer, bodyStart, received, BodyBudget(target.Spec, head), head.Chunked,
                deadline.Token, cancellationToken);
            return Decide(target, head, buffer, headStart, bodyStart, bodyEnd, clock.Timings(), checkedAt);
        }
        catch (Exception e) when (ProbeFailures.IsTargetFailure(e))
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ProbeFailures.Classify(e, phase, deadline.HasFired)
                .ToResult(clock.Timings(), checkedAt, content: target.Excerpt(buffer.AsSpan(0, received)));
        }
        finally
        {
            ssl?.Dispose();
            socket.Dispose();
            deadline.Release();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ProbeResult Decide(ProbeTarget target, in HttpResponseHead head, byte[] buffer, int headStart, int bodyStart,
        int bodyEnd, ProbeTimings timings, DateTimeOffset checkedAt)
    {
        var reason = ReasonPhrase(buffer.AsSpan(headStart + head.ReasonStart, head.ReasonLength));
        var body = buffer.AsSpan(bodyStart, Math.Max(0, bodyEnd - bodyStart));
        if (head.Chunked && HttpChunkedBody.TryDecode(body, out var decoded))
        {
            // The application's bytes, not the chunk framing; framing that is not chunked encoding is shown raw.
            body = body[..decoded];
        }

        var content = target.Excerpt(body);
        return target.Spec.ExpectedCodes.Contains(head.StatusCode)
            ? ProbeResult.Pass(CheckCode.L7Ok, timings, checkedAt, head.StatusCode, content, reason)
            : ProbeResult.Fail(ReasonCode.HttpCodeNotMatch, CheckCode.L7Sts, timings, checkedAt, head.StatusCode, content, reason);
    }

    /// <summary>
    /// How many body bytes to read: none for HEAD, 204 and 304, else up to the excerpt size; a chunked body gets room
    /// for its framing as well (reading stops earlier when its last chunk arrives).
    /// </summary>
    private static int BodyBudget(HealthMonitorSpec spec, in HttpResponseHead head)
    {
        if (spec.HttpMethod == HttpCheckMethod.Head || head.StatusCode is 204 or 304)
        {
            return 0;
        }

        if (head.Chunked)
        {
            return 2 * ProbeResult.MaxContentBytes;
        }

        return head.ContentLength is >= 0 and < ProbeResult.MaxContentBytes ? (int)head.ContentLength : ProbeResult.MaxContentBytes;
    }

    /// <summary>
    /// Reads until <paramref name="budget"/> body bytes are in, the last chunk of a chunked body has arrived, the peer
    /// closes, or the deadline fires. The status is already known, so a slow or cut body only shortens the excerpt; it
    /// never fails the check.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> ReadBodyAsync(Socket socket, SslStream? ssl, byte[] buffer, int bodyStart, int received,
        int budget, bool chunked, CancellationToken deadline, CancellationToken hostToken)
    {
        var want = Math.Min(bodyStart + budget, buffer.Length);
        try
        {
            while (received < want && !(chunked && HttpChunkedBody.IsComplete(buffer.AsSpan(bodyStart, received - bodyStart))))
            {
                var read = await ReadAsync(socket, ssl, buffer.AsMemory(received, want - received), deadline);
                if (read == 0)
                {
                    break;
                }

                received += read;
            }
        }
        catch (Exception e) when (ProbeFailures.IsTargetFailure(e))
        {
            hostToken.ThrowIfCancellationRequested();
        }

        return Math.Min(received, want);
    }

    private static async ValueTask SendAsync(Socket socket, SslStream? ssl, byte[] request, CancellationToken cancellationToken)
    {
        if (ssl is not null)
        {
            await ssl.WriteAsync(request, cancellationToken);
            return;
        }

        var sent = 0;
        while (sent < request.Length)
        {
            sent += await socket.SendAsync(request.AsMemory(sent), SocketFlags.None, cancellationToken);
        }
    }

    private static ValueTask<int> ReadAsync(Socket socket, SslStream? ssl, Memory<byte> into, CancellationToken cancellationToken)
        => ssl is null ? socket.ReceiveAsync(into, SocketFlags.None, cancellationToken) : ssl.ReadAsync(into, cancellationToken);

    private static string? ReasonPhrase(ReadOnlySpan<byte> reason)
        => reason.IsEmpty ? null : reason.SequenceEqual("OK"u8) ? "OK" : Encoding.Latin1.GetString(reason);
}
