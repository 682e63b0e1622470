using System.Diagnostics.CodeAnalysis;

namespace Vitals.Core.Probing;

/// <summary>Wire names of <see cref="ReasonCode"/> and their mapping onto the NLB vocabulary.</summary>
public static class ReasonCodes
{
    /// <summary>The precise name, e.g. <c>CONNECT_TIMEOUT</c> or <c>TLS_HANDSHAKE_FAILED</c>; null for None.</summary>
    public static string? ToWire(this ReasonCode code) => code switch
    {
        ReasonCode.None => null,
        ReasonCode.ConnectTimeout => "CONNECT_TIMEOUT",
        ReasonCode.ConnectFailed => "CONNECT_FAILED",
        ReasonCode.RecvResponseTimeout => "RECV_RESPONSE_TIMEOUT",
        ReasonCode.ConnectInterrupt => "CONNECT_INTERRUPT",
        ReasonCode.HttpCodeNotMatch => "HTTP_CODE_NOT_MATCH",
        ReasonCode.HttpInvalidHeader => "HTTP_INVALID_HEADER",
        ReasonCode.TlsHandshakeFailed => "TLS_HANDSHAKE_FAILED",
        ReasonCode.TlsHandshakeTimeout => "TLS_HANDSHAKE_TIMEOUT",
        ReasonCode.GrpcNotServing => "GRPC_NOT_SERVING",
        ReasonCode.GrpcStatusNotMatch => "GRPC_STATUS_NOT_MATCH",
        ReasonCode.GrpcInvalidResponse => "GRPC_INVALID_RESPONSE",
        ReasonCode.SocketError => "SOCKET_ERROR",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    /// <summary>The coarse Alibaba NLB code (one of the six); null for None.</summary>
    public static string? ToNlb(this ReasonCode code) => code switch
    {
        ReasonCode.None => null,
        ReasonCode.ConnectTimeout => "CONNECT_TIMEOUT",
        ReasonCode.ConnectFailed or ReasonCode.SocketError => "CONNECT_FAILED",
        ReasonCode.RecvResponseTimeout or ReasonCode.TlsHandshakeTimeout => "RECV_RESPONSE_TIMEOUT",
        ReasonCode.ConnectInterrupt or ReasonCode.TlsHandshakeFailed => "CONNECT_INTERRUPT",
        ReasonCode.HttpCodeNotMatch or ReasonCode.GrpcNotServing or ReasonCode.GrpcStatusNotMatch => "HTTP_CODE_NOT_MATCH",
        ReasonCode.HttpInvalidHeader or ReasonCode.GrpcInvalidResponse => "HTTP_INVALID_HEADER",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    /// <summary>A phrase for people, e.g. "connection refused or unreachable".</summary>
    public static string Describe(this ReasonCode code) => code switch
    {
        ReasonCode.None => "check passed",
        ReasonCode.ConnectTimeout => "no answer to the connection attempt in time (dropped or filtered)",
        ReasonCode.ConnectFailed => "connection refused or unreachable",
        ReasonCode.RecvResponseTimeout => "connected, but no answer in time",
        ReasonCode.ConnectInterrupt => "connection cut before a complete answer",
        ReasonCode.HttpCodeNotMatch => "HTTP status not in the expected codes",
        ReasonCode.HttpInvalidHeader => "answer is not valid HTTP",
        ReasonCode.TlsHandshakeFailed => "TLS handshake failed",
        ReasonCode.TlsHandshakeTimeout => "TLS handshake did not finish in time",
        ReasonCode.GrpcNotServing => "gRPC health service says not serving",
        ReasonCode.GrpcStatusNotMatch => "gRPC status not in the expected codes",
        ReasonCode.GrpcInvalidResponse => "answer is not a valid gRPC response",
        ReasonCode.SocketError => "local socket error in the checker",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    public static bool TryParse(string? text, [NotNullWhen(true)] out ReasonCode? code)
    {
        code = null;
        foreach (var candidate in Enum.GetValues<ReasonCode>())
        {
            if (candidate != ReasonCode.None && string.Equals(candidate.ToWire(), text, StringComparison.OrdinalIgnoreCase))
            {
                code = candidate;
                return true;
            }
        }

        return false;
    }
}
