using System.Net.Sockets;

namespace Vitals.Probes.Tcp.Native;

/// <summary>
/// Linux errno values to <see cref="SocketError"/>, as .NET's own socket layer maps them, so the native prober's
/// failures go through the same classifier (<c>ProbeFailures.FromSocketError</c>) as the managed one's.
/// </summary>
internal static class Errno
{
    public static SocketError ToSocketError(int errno) => errno switch
    {
        1 or 13 => SocketError.AccessDenied,              // EPERM (a local firewall rule), EACCES
        4 => SocketError.Interrupted,                     // EINTR
        9 or 88 => SocketError.NotSocket,                 // EBADF, ENOTSOCK
        11 => SocketError.AddressNotAvailable,            // EAGAIN: from connect() on Linux, no free ephemeral port
        12 or 105 => SocketError.NoBufferSpaceAvailable,  // ENOMEM, ENOBUFS
        14 => SocketError.Fault,                          // EFAULT
        22 => SocketError.InvalidArgument,                // EINVAL
        23 or 24 => SocketError.TooManyOpenSockets,       // ENFILE, EMFILE
        93 => SocketError.ProtocolNotSupported,           // EPROTONOSUPPORT
        94 => SocketError.SocketNotSupported,             // ESOCKTNOSUPPORT
        95 => SocketError.OperationNotSupported,          // EOPNOTSUPP
        96 => SocketError.ProtocolFamilyNotSupported,     // EPFNOSUPPORT
        97 => SocketError.AddressFamilyNotSupported,      // EAFNOSUPPORT
        98 => SocketError.AddressAlreadyInUse,            // EADDRINUSE
        99 => SocketError.AddressNotAvailable,            // EADDRNOTAVAIL
        100 => SocketError.NetworkDown,                   // ENETDOWN
        101 => SocketError.NetworkUnreachable,            // ENETUNREACH
        102 => SocketError.NetworkReset,                  // ENETRESET
        103 => SocketError.ConnectionAborted,             // ECONNABORTED
        104 => SocketError.ConnectionReset,               // ECONNRESET
        106 => SocketError.IsConnected,                   // EISCONN
        107 => SocketError.NotConnected,                  // ENOTCONN
        108 => SocketError.Shutdown,                      // ESHUTDOWN
        110 => SocketError.TimedOut,                      // ETIMEDOUT
        111 => SocketError.ConnectionRefused,             // ECONNREFUSED
        112 => SocketError.HostDown,                      // EHOSTDOWN
        113 => SocketError.HostUnreachable,               // EHOSTUNREACH
        114 => SocketError.AlreadyInProgress,             // EALREADY
        115 => SocketError.InProgress,                    // EINPROGRESS
        _ => SocketError.SocketError,
    };
}
