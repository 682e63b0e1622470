using System.ComponentModel;
using System.Net.Sockets;
using System.Security.Authentication;
using Vitals.Core.Probing;

namespace Vitals.Probes.Sockets;

/// <summary>
/// The one place that turns what went wrong (an exception or <see cref="SocketError"/>, in a phase) into a reason
/// code, a check code and a short detail. Details are constant strings so that a failing fleet does not allocate.
/// </summary>
internal static class ProbeFailures
{
    public static readonly ProbeFailure ConnectTimeout = new(ReasonCode.ConnectTimeout, CheckCode.L4Tout, "Timeout while connecting");
    public static readonly ProbeFailure TlsTimeout = new(ReasonCode.TlsHandshakeTimeout, CheckCode.L6Tout, "Timeout during TLS handshake");
    public static readonly ProbeFailure ResponseTimeout = new(ReasonCode.RecvResponseTimeout, CheckCode.L7Tout, "Timeout while waiting for the response");
    public static readonly ProbeFailure ClosedBeforeResponse = new(ReasonCode.ConnectInterrupt, CheckCode.L7Rsp, "Connection closed before a complete response");
    public static readonly ProbeFailure TlsClosed = new(ReasonCode.TlsHandshakeFailed, CheckCode.L6Rsp, "Connection closed during TLS handshake");
    public static readonly ProbeFailure UdpPortUnreachable = new(ReasonCode.ConnectFailed, CheckCode.L4Con, "Port unreachable (ICMP)");

    /// <summary>True for the exceptions a misbehaving target (or our own deadline) can cause; anything else is a bug.</summary>
    public static bool IsTargetFailure(Exception exception) => exception is SocketException or IOException
        or OperationCanceledException or AuthenticationException or ObjectDisposedException or Win32Exception;

    /// <summary>Our deadline fired while in <paramref name="phase"/>.</summary>
    public static ProbeFailure Timeout(ProbePhase phase) => phase switch
    {
        ProbePhase.Socket or ProbePhase.Connect => ConnectTimeout,
        ProbePhase.Tls => TlsTimeout,
        _ => ResponseTimeout,
    };

    /// <summary>
    /// Classifies <paramref name="exception"/> raised in <paramref name="phase"/>. The caller has already ruled out
    /// our deadline and the host token (those are timeouts and cancellations, not target failures).
    /// </summary>
    public static ProbeFailure FromException(Exception exception, ProbePhase phase)
    {
        var socketException = exception as SocketException ?? exception.InnerException as SocketException
            ?? exception.InnerException?.InnerException as SocketException;
        if (socketException is not null)
        {
            return FromSocketError(socketException.SocketErrorCode, phase, socketException.Message);
        }

        return phase switch
        {
            ProbePhase.Tls when exception is AuthenticationException => new(ReasonCode.TlsHandshakeFailed, CheckCode.L6Rsp,
                "TLS handshake failed: " + Shorten((exception.InnerException ?? exception).Message)),
            ProbePhase.Tls when exception is IOException => TlsClosed,
            ProbePhase.Tls => new(ReasonCode.TlsHandshakeFailed, CheckCode.L6Rsp, "TLS handshake failed: " + Shorten(exception.Message)),
            ProbePhase.Socket => new(ReasonCode.SocketError, CheckCode.SockErr, Shorten(exception.Message)),
            ProbePhase.Connect => new(ReasonCode.ConnectFailed, CheckCode.L4Con, Shorten(exception.Message)),
            _ when exception is IOException => ClosedBeforeResponse,
            _ => new(ReasonCode.ConnectInterrupt, CheckCode.L7Rsp, Shorten(exception.Message)),
        };
    }

    /// <summary>Classifies a socket error raised in <paramref name="phase"/>.</summary>
    public static ProbeFailure FromSocketError(SocketError error, ProbePhase phase, string? message = null)
    {
        switch (error)
        {
            case SocketError.TimedOut:
                // The kernel gave up (SYN retries exhausted) before our own deadline.
                return Timeout(phase);
            case SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable or SocketError.AddressNotAvailable
                or SocketError.AddressAlreadyInUse or SocketError.AddressFamilyNotSupported or SocketError.ProtocolFamilyNotSupported
                or SocketError.ProtocolNotSupported or SocketError.SocketNotSupported or SocketError.SystemNotReady
                or SocketError.Fault:
                return new(ReasonCode.SocketError, CheckCode.SockErr, LocalErrorText(error, message));
        }

        if (phase is ProbePhase.Socket)
        {
            return new(ReasonCode.SocketError, CheckCode.SockErr, LocalErrorText(error, message));
        }

        var text = error switch
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
        return phase switch
        {
            ProbePhase.Connect => new(ReasonCode.ConnectFailed, CheckCode.L4Con, text),
            ProbePhase.Tls => new(ReasonCode.TlsHandshakeFailed, CheckCode.L6Rsp, text + " during TLS handshake"),
            _ => new(ReasonCode.ConnectInterrupt, CheckCode.L7Rsp, text),
        };
    }

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
