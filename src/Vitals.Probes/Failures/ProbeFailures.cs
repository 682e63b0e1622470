using System.ComponentModel;
using System.Net.Sockets;
using System.Security.Authentication;
using Vitals.Core.Probing;

namespace Vitals.Probes.Failures;

/// <summary>
/// The one classifier of what went wrong in a check (our deadline, an exception or a <see cref="SocketError"/>, in a
/// phase), for every prober and for diagnosis: it gives the reason code, the check code and the one wording of the
/// failure, so that a probe result, a check status and a diagnosis say the same thing about the same failure. The
/// common failures are constant strings so that a failing fleet does not allocate.
/// </summary>
public static class ProbeFailures
{
    public static readonly ProbeFailure ConnectTimeout = new(ReasonCode.ConnectTimeout, CheckCode.L4Tout, "Timeout while connecting");
    public static readonly ProbeFailure TlsTimeout = new(ReasonCode.TlsHandshakeTimeout, CheckCode.L6Tout, "Timeout during TLS handshake");
    public static readonly ProbeFailure ResponseTimeout = new(ReasonCode.RecvResponseTimeout, CheckCode.L7Tout, "Timeout while waiting for the response");
    public static readonly ProbeFailure ClosedBeforeResponse = new(ReasonCode.ConnectInterrupt, CheckCode.L7Rsp, "Connection closed before a complete response");
    public static readonly ProbeFailure TlsClosed = new(ReasonCode.TlsHandshakeFailed, CheckCode.L6Rsp, "Connection closed during TLS handshake");
    public static readonly ProbeFailure UdpPortUnreachable = new(ReasonCode.ConnectFailed, CheckCode.L4Con, "Port unreachable (ICMP)");
    public static readonly ProbeFailure InvalidHttpResponse = new(ReasonCode.HttpInvalidHeader, CheckCode.L7Rsp, "Invalid HTTP response");
    public static readonly ProbeFailure HttpHeadersTooLarge = new(ReasonCode.HttpInvalidHeader, CheckCode.L7Rsp, "Response headers too large");

    /// <summary>True for the exceptions a misbehaving target (or our own deadline) can cause; anything else is a bug.</summary>
    public static bool IsTargetFailure(Exception exception) => exception is SocketException or IOException
        or OperationCanceledException or AuthenticationException or ObjectDisposedException or Win32Exception;

    /// <summary>
    /// What <paramref name="exception"/> in <paramref name="phase"/> means once the caller has ruled out the host token
    /// (a cancellation, which propagates): a timeout of the phase when our own deadline fired, else the failure itself.
    /// </summary>
    public static ProbeFailure Classify(Exception exception, ProbePhase phase, bool deadlineFired)
        => deadlineFired ? Timeout(phase) : FromException(exception, phase);

    /// <summary>Our deadline fired while in <paramref name="phase"/>.</summary>
    public static ProbeFailure Timeout(ProbePhase phase) => phase switch
    {
        ProbePhase.Socket or ProbePhase.Connect => ConnectTimeout,
        ProbePhase.Tls => TlsTimeout,
        _ => ResponseTimeout,
    };

    /// <summary>
    /// Classifies <paramref name="exception"/> raised in <paramref name="phase"/>, not caused by our deadline. A socket
    /// error anywhere in the chain (HTTP and TLS wrap it) decides; otherwise the exception's type and the phase do.
    /// </summary>
    public static ProbeFailure FromException(Exception exception, ProbePhase phase)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return (FindSocketException(exception), exception, phase) switch
        {
            ({ } socket, _, _) => FromSocketError(socket.SocketErrorCode, phase, socket.Message),
            // A close in the middle of the handshake is an IOException of its own ("unexpected EOF"): say what it is.
            (_, IOException, ProbePhase.Tls) => TlsClosed,
            (_, _, ProbePhase.Tls) => TlsFailed(exception),
            (_, _, ProbePhase.Socket) => new(ReasonCode.SocketError, CheckCode.SockErr, Shorten(exception.Message)),
            (_, _, ProbePhase.Connect or ProbePhase.Datagram) => new(ReasonCode.ConnectFailed, CheckCode.L4Con, Shorten(exception.Message)),
            (_, IOException, _) => ClosedBeforeResponse,
            _ => new(ReasonCode.ConnectInterrupt, CheckCode.L7Rsp, Shorten(exception.Message)),
        };
    }

    /// <summary>Classifies a socket error raised in <paramref name="phase"/>; <paramref name="message"/> words the rare ones.</summary>
    public static ProbeFailure FromSocketError(SocketError error, ProbePhase phase, string? message = null) => (error, phase) switch
    {
        // The kernel gave up (SYN retries exhausted) before our own deadline: the same timeout to the user.
        (SocketError.TimedOut, _) => Timeout(phase),
        (SocketError.ConnectionRefused, ProbePhase.Datagram) => UdpPortUnreachable,
        // No socket, no source port, no buffers: the checker's own trouble in any phase, not the target's.
        (_, ProbePhase.Socket) or (SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable
            or SocketError.AddressNotAvailable or SocketError.AddressAlreadyInUse or SocketError.AddressFamilyNotSupported
            or SocketError.ProtocolFamilyNotSupported or SocketError.ProtocolNotSupported or SocketError.SocketNotSupported
            or SocketError.SystemNotReady or SocketError.Fault, _)
            => new(ReasonCode.SocketError, CheckCode.SockErr, LocalErrorText(error, message)),
        (_, ProbePhase.Connect or ProbePhase.Datagram) => new(ReasonCode.ConnectFailed, CheckCode.L4Con, PeerErrorText(error, message)),
        (_, ProbePhase.Tls) => new(ReasonCode.TlsHandshakeFailed, CheckCode.L6Rsp, PeerErrorText(error, message) + " during TLS handshake"),
        _ => new(ReasonCode.ConnectInterrupt, CheckCode.L7Rsp, PeerErrorText(error, message)),
    };

    private static SocketException? FindSocketException(Exception exception) => exception as SocketException
        ?? exception.InnerException as SocketException ?? exception.InnerException?.InnerException as SocketException;

    /// <summary>
    /// The innermost message names the cause ("...wrong version number", "...no application protocol"); the outer
    /// ones only say that authentication failed.
    /// </summary>
    private static ProbeFailure TlsFailed(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return new(ReasonCode.TlsHandshakeFailed, CheckCode.L6Rsp, "TLS handshake failed: " + Shorten(innermost.Message));
    }

    private static string PeerErrorText(SocketError error, string? message) => error switch
    {
        SocketError.ConnectionRefused => ProbeDetails.ConnectionRefused,
        SocketError.ConnectionReset => "Connection reset by peer",
        SocketError.ConnectionAborted => "Connection aborted",
        SocketError.HostUnreachable => "No route to host",
        SocketError.NetworkUnreachable => "Network is unreachable",
        SocketError.HostDown => "Host is down",
        SocketError.AccessDenied => "Permission denied (blocked locally)",
        SocketError.Shutdown or SocketError.NotConnected or SocketError.Disconnecting => "Connection closed",
        _ => message is null ? error.ToString() : Shorten(message),
    };

    private static string LocalErrorText(SocketError error, string? message) => error switch
    {
        SocketError.TooManyOpenSockets => "Too many open files",
        SocketError.NoBufferSpaceAvailable => "No buffer space available",
        SocketError.AddressNotAvailable => "Cannot assign requested address (no free source port?)",
        SocketError.AddressFamilyNotSupported => "Address family not supported",
        _ => message is null ? error.ToString() : Shorten(message),
    };

    /// <summary>Library messages can be long; a detail is one short line.</summary>
    private static string Shorten(string message)
    {
        const int Max = 160;
        var line = message.AsSpan();
        var newline = line.IndexOfAny('\r', '\n');
        if (newline >= 0)
        {
            line = line[..newline];
        }

        return line.Length <= Max ? (line.Length == message.Length ? message : line.ToString()) : string.Concat(line[..(Max - 3)], "...");
    }
}
