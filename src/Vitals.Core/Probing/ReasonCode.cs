namespace Vitals.Core.Probing;

/// <summary>
/// Why a check failed. The first six are the Alibaba NLB vocabulary; the rest are precise extras where those are
/// too coarse, each of which maps back to one NLB code (<see cref="ReasonCodes.ToNlb"/>).
/// </summary>
public enum ReasonCode : byte
{
    /// <summary>The check passed.</summary>
    None,

    /// <summary>TCP connect did not finish within the timeout (SYN unanswered, filtered port).</summary>
    ConnectTimeout,

    /// <summary>Connect failed outright: refused (RST), ICMP unreachable; for UDP an ICMP port-unreachable.</summary>
    ConnectFailed,

    /// <summary>Connected and sent the request, but no (complete) answer arrived within the timeout.</summary>
    RecvResponseTimeout,

    /// <summary>The connection was reset or closed before a complete answer.</summary>
    ConnectInterrupt,

    /// <summary>The HTTP status is outside the expected codes.</summary>
    HttpCodeNotMatch,

    /// <summary>The answer is not valid HTTP (status line or headers).</summary>
    HttpInvalidHeader,

    /// <summary>The TLS handshake failed (alert, protocol error, plaintext answer). NLB: CONNECT_INTERRUPT.</summary>
    TlsHandshakeFailed,

    /// <summary>The TLS handshake did not finish within the timeout. NLB: RECV_RESPONSE_TIMEOUT.</summary>
    TlsHandshakeTimeout,

    /// <summary>The gRPC health service answered NOT_SERVING (or SERVICE_UNKNOWN/UNKNOWN). NLB: HTTP_CODE_NOT_MATCH.</summary>
    GrpcNotServing,

    /// <summary>The gRPC status is outside the expected codes (e.g. UNIMPLEMENTED). NLB: HTTP_CODE_NOT_MATCH.</summary>
    GrpcStatusNotMatch,

    /// <summary>The answer is not a valid gRPC/HTTP/2 response. NLB: HTTP_INVALID_HEADER.</summary>
    GrpcInvalidResponse,

    /// <summary>
    /// A local error before anything reached the target (no socket, no source port, address family). NLB: CONNECT_FAILED.
    /// </summary>
    SocketError,
}
