using System.Net.Sockets;
using System.Security.Authentication;
using Vitals.Core.Probing;
using Vitals.Probes.Failures;

namespace Vitals.Probes.Grpc;

/// <summary>
/// The gRPC part of failure classification: what only HTTP/2 and gRPC can get wrong (framing, stream resets, an
/// answer that is not gRPC). Timeouts and socket and TLS failures go to <see cref="ProbeFailures"/>, so a gRPC check
/// words them as every other check does.
/// </summary>
internal static class GrpcFailureClassifier
{
    private const int MaxDetailLength = 200;

    // HTTP/2 error codes (RFC 9113 §7) that say the peer does not speak HTTP/2 correctly, rather than that it
    // gave up on the stream.
    private const long ProtocolError = 0x1, FrameSizeError = 0x6, CompressionError = 0x9;

    /// <summary>Our deadline fired: which timeout depends on how far the check got.</summary>
    public static ProbeFailure Timeout(GrpcCheckPhase phase) => ProbeFailures.Timeout(ToProbePhase(phase));

    /// <summary>The shared phase a gRPC check's phase stands for.</summary>
    public static ProbePhase ToProbePhase(GrpcCheckPhase phase) => phase switch
    {
        GrpcCheckPhase.NotStarted or GrpcCheckPhase.Connecting => ProbePhase.Connect,
        GrpcCheckPhase.Tls => ProbePhase.Tls,
        _ => ProbePhase.Response,
    };

    /// <summary>The answer is not a valid gRPC-over-HTTP/2 answer.</summary>
    public static ProbeFailure Invalid(string detail) => new(ReasonCode.GrpcInvalidResponse, CheckCode.L7Rsp, Cap(detail));

    /// <summary>The HTTP/2 stream was cut (RST_STREAM, GOAWAY) before a complete answer.</summary>
    public static ProbeFailure Interrupted(string detail) => new(ReasonCode.ConnectInterrupt, CheckCode.L7Rsp, Cap(detail));

    /// <summary>An exception from sending the request or reading the answer, once our deadline is ruled out.</summary>
    public static ProbeFailure Classify(Exception exception, GrpcCheck check)
    {
        if (check.Failure is { } recorded)
        {
            return recorded;
        }

        // An HTTP/1.x server answers the HTTP/2 preface in HTTP/1.x (400, 505...): the handler only sees invalid frames
        // or a closed connection, the first bytes say what it was.
        if (Http1StatusLine(check.Received) is { } statusLine)
        {
            return Invalid($"the server answered in HTTP/1.x, not HTTP/2 (gRPC needs HTTP/2): {statusLine}");
        }

        var phase = ToProbePhase(check.Phase);
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case HttpProtocolException { ErrorCode: ProtocolError or FrameSizeError or CompressionError } protocol:
                    return Invalid(protocol.Message);
                case HttpProtocolException protocol:
                    return Interrupted(protocol.Message);
                // The peer closed before anything came back. Whether the close arrives as a reset (a SocketException
                // below) or as an end of stream inside "the server did not complete the HTTP/2 handshake" is a race
                // of the same event: both are a cut connection, not an invalid answer.
                case HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded }:
                    return ProbeFailures.ClosedBeforeResponse;
                case SocketException socket:
                    return ProbeFailures.FromSocketError(socket.SocketErrorCode, phase, socket.Message);
                case AuthenticationException:
                    return ProbeFailures.FromException(e, ProbePhase.Tls);
            }
        }

        var error = exception switch
        {
            HttpRequestException request => request.HttpRequestError,
            HttpIOException io => io.HttpRequestError,
            _ => HttpRequestError.Unknown,
        };
        return error switch
        {
            HttpRequestError.HttpProtocolError or HttpRequestError.InvalidResponse
                or HttpRequestError.VersionNegotiationError or HttpRequestError.ConfigurationLimitExceeded
                => Invalid(InnermostMessage(exception)),
            HttpRequestError.SecureConnectionError => ProbeFailures.FromException(exception, ProbePhase.Tls),
            HttpRequestError.ConnectionError when phase == ProbePhase.Connect => ProbeFailures.FromException(exception, phase),
            _ => Interrupted(InnermostMessage(exception)),
        };
    }

    /// <summary>The status line when <paramref name="received"/> starts like an HTTP/1.x answer; else null.</summary>
    public static string? Http1StatusLine(ReadOnlySpan<byte> received)
    {
        if (!received.StartsWith("HTTP/1."u8))
        {
            return null;
        }

        var end = received.IndexOfAny((byte)'\r', (byte)'\n');
        var line = end < 0 ? received : received[..end];
        return System.Text.Encoding.Latin1.GetString(line);
    }

    private static string InnermostMessage(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message;
    }

    private static string Cap(string detail) => detail.Length <= MaxDetailLength ? detail : detail[..MaxDetailLength];
}
