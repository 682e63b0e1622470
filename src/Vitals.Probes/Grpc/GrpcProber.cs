using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using Vitals.Core.Probing;
using Vitals.Probes.Failures;

namespace Vitals.Probes.Grpc;

/// <summary>
/// The GRPC check: <c>grpc.health.v1.Health/Check</c> for service "" over HTTP/2 (cleartext h2c with prior
/// knowledge, or TLS with ALPN h2), on a fresh connection per check. Passes when the gRPC status is expected and
/// the answer is SERVING (or, for an expected non-zero status, on the status alone). See docs/grpc-probe.md.
/// </summary>
/// <remarks>
/// One handler serves every check of this prober, which lives as long as its owner <see cref="Prober"/>. It holds
/// no idle connection: each one closes when its check ends.
/// </remarks>
internal sealed class GrpcProber : IProber, IDisposable
{
    /// <summary>A health answer is 7 bytes; anything past this is not one.</summary>
    private const int MaxBodyBytes = 4096;

    private const string UserAgent = "vitals-health-check";

    private static readonly byte[] RequestFrame = GrpcHealthCodec.EncodeRequest(string.Empty);
    private static readonly ConditionalWeakTable<ProbeTarget, GrpcRequestTemplate> Templates = new();

    private readonly TimeProvider _timeProvider;
    private readonly HttpMessageInvoker _invoker;

    public GrpcProber(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        var handler = new SocketsHttpHandler
        {
            // A load balancer checks on a new connection each time: lifetime zero makes every connection unusable
            // for a second request (the check then closes it itself, see GrpcCheck.Abort).
            PooledConnectionLifetime = TimeSpan.Zero,
            EnableMultipleHttp2Connections = true,
            ConnectCallback = GrpcConnector.ConnectAsync,
            // Our deadline bounds each connect (see GrpcConnector); this only bounds a set-up nobody waits for.
            ConnectTimeout = TimeSpan.FromMinutes(1),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxResponseHeadersLength = 16,
            ActivityHeadersPropagator = null,
        };
        _invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    public async ValueTask<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var checkedAt = _timeProvider.GetUtcNow();
        var start = _timeProvider.GetTimestamp();
        using var deadline = new CancellationTokenSource(target.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var check = new GrpcCheck(target, _timeProvider, start, linked.Token);
        using var request = CreateRequest(target, check);
        try
        {
            return await ExchangeAsync(request, check, checkedAt, linked.Token);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            // The host is stopping and tore something down under us: that is a cancellation, not a verdict.
            throw new OperationCanceledException("the check was cancelled", ex, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsTargetFailure(ex))
        {
            var failure = deadline.IsCancellationRequested
                ? GrpcFailureClassifier.Timeout(check.Phase)
                : GrpcFailureClassifier.Classify(ex, check);
            // An HTTP/1.x answer is shown as it came (Latin-1): that is what tells a person what answered.
            var content = GrpcFailureClassifier.Http1StatusLine(check.Received) is null
                ? null
                : System.Text.Encoding.Latin1.GetString(check.Received);
            return failure.ToResult(check.Timings(), checkedAt, content: content);
        }
        finally
        {
            // The handler keeps even a spent connection open until its pool is scavenged; a check's connection
            // ends with the check, as a load balancer's does.
            check.Abort();
        }
    }

    public void Dispose() => _invoker.Dispose();

    /// <summary>The shared target failures, plus the handler's wrapper around them.</summary>
    private static bool IsTargetFailure(Exception ex) => ex is HttpRequestException || ProbeFailures.IsTargetFailure(ex);

    private static HttpRequestMessage CreateRequest(ProbeTarget target, GrpcCheck check)
    {
        var template = Templates.GetValue(target, static t => GrpcRequestTemplate.For(t));
        var content = new ByteArrayContent(RequestFrame);
        content.Headers.TryAddWithoutValidation("content-type", "application/grpc");
        var request = new HttpRequestMessage(HttpMethod.Post, template.Uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var headers = request.Headers;
        if (template.Authority is { } authority)
        {
            headers.Host = authority;
        }

        headers.TryAddWithoutValidation("te", "trailers");
        headers.TryAddWithoutValidation("grpc-timeout", template.GrpcTimeout);
        headers.TryAddWithoutValidation("user-agent", UserAgent);
        request.Options.Set(GrpcCheck.OptionsKey, check);
        return request;
    }

    private async ValueTask<ProbeResult> ExchangeAsync(HttpRequestMessage request, GrpcCheck check, DateTimeOffset checkedAt,
        CancellationToken token)
    {
        using var response = await _invoker.SendAsync(request, token);
        check.MarkFirstByte();
        var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes);
        try
        {
            var length = await ReadBodyAsync(response.Content, buffer, token);
            return GrpcAnswerEvaluator.Evaluate(response, buffer.AsSpan(0, Math.Max(length, 0)), length < 0, check, checkedAt);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads the whole body (the trailers come after it); -1 when it is longer than the buffer.</summary>
    private static async ValueTask<int> ReadBodyAsync(HttpContent content, byte[] buffer, CancellationToken token)
    {
        await using var body = await content.ReadAsStreamAsync(token);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                return -1;
            }

            var read = await body.ReadAsync(buffer.AsMemory(length), token);
            if (read == 0)
            {
                return length;
            }

            length += read;
        }
    }
}
