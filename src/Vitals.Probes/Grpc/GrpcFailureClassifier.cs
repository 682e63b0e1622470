using System.Net.Sockets;
using Vitals.Core.Probing;

namespace Vitals.Probes.Grpc;

/// <summary>
/// The one place where what went wrong in a gRPC check (an exception, a socket error, a fired deadline) becomes
/// a reason code and a check code.
/// </summary>
internal static class GrpcFailureClassifier
{
    private const int MaxDetailLength = 200;

    // HTTP/2 error codes (RFC 9113 §7) that say the peer does not speak HTTP/2 correctly, rather than that it
    // gave up on the stream.
    private const long ProtocolError = 0x1, FrameSizeError = 0x6, CompressionError = 0x9;

    /// <summary>Our deadline fired: which timeout depends on how far the check got.</summary>
    public static GrpcFailure Timeout(GrpcCheckPhase phase) => phase switch
    {
        GrpcCheckPhase.NotStarted or GrpcCheckPhase.Connecting
            => new(ReasonCode.ConnectTimeout, CheckCode.L4Tout, "connect timed out"),
        GrpcCheckPhase.Tls => new(ReasonCode.TlsHandshakeTimeout, CheckCode.L6Tout, "TLS handshake timed out"),
        GrpcCheckPhase.Connected => new(ReasonCode.RecvResponseTimeout, CheckCode.L7Tout, "no response headers in time"),
        _ => new(ReasonCode.RecvResponseTimeout, CheckCode.L7Tout, "response not complete in time"),
    };

    /// <summary>A failed TCP connect (the socket's own error, before anything was sent).</summary>
    public static GrpcFailure Connect(SocketException exception) => exception.SocketErrorCode switch
    {
        SocketError.TimedOut => new(ReasonCode.ConnectTimeout, CheckCode.L4Tout, Cap(exception.Message)),
        SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.HostUnreachable
            or SocketError.NetworkUnreachable or SocketError.HostDown or SocketError.NetworkDown
            or SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain
            => new(ReasonCode.ConnectFailed, CheckCode.L4Con, Cap(exception.Message)),
        // No socket, no source port, wrong address family: the checker's own trouble, not the target's.
        _ => new(ReasonCode.SocketError, CheckCode.SockErr, Cap(exception.Message)),
    };

    /// <summary>The TLS handshake failed (alert, bad record, peer closed).</summary>
    public static GrpcFailure TlsHandshake(Exception exception)
        => new(ReasonCode.TlsHandshakeFailed, CheckCode.L6Rsp, Cap(InnermostMessage(exception)));

    /// <summary>The answer is not a valid gRPC-over-HTTP/2 answer.</summary>
    public static GrpcFailure Invalid(string detail) => new(ReasonCode.GrpcInvalidResponse, CheckCode.L7Rsp, Cap(detail));

    /// <summary>The connection or the stream was cut before a complete answer.</summary>
    public static GrpcFailure Interrupted(string detail) => new(ReasonCode.ConnectInterrupt, CheckCode.L7Rsp, Cap(detail));

    /// <summary>An exception from sending the request or reading the answer, once our deadline is ruled out.</summary>
    public static GrpcFailure Classify(Exception exception, GrpcCheck check)
    {
        if (check.Failure is { } recorded)
        {
            return recorded;
        }

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
                case HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded } ended:
                    return Interrupted(ended.Message);
                case SocketException socket when check.Phase <= GrpcCheckPhase.Connecting:
                    return Connect(socket);
                case SocketException socket:
                    return Interrupted(socket.Message);
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
            HttpRequestError.SecureConnectionError => TlsHandshake(exception),
            HttpRequestError.ConnectionError when check.Phase <= GrpcCheckPhase.Connecting
                => new(ReasonCode.ConnectFailed, CheckCode.L4Con, Cap(InnermostMessage(exception))),
            _ => Interrupted(InnermostMessage(exception)),
        };
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
