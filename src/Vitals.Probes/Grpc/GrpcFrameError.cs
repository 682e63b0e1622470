namespace Vitals.Probes.Grpc;

/// <summary>Why the body of a unary gRPC answer could not be read as exactly one message.</summary>
internal enum GrpcFrameError
{
    None,

    /// <summary>The body holds no message at all.</summary>
    NoMessage,

    /// <summary>The body ends inside the 5-byte prefix or inside the message it announces.</summary>
    Truncated,

    /// <summary>The message is compressed, which was not offered (no grpc-accept-encoding sent).</summary>
    Compressed,

    /// <summary>The compressed-flag byte is neither 0 nor 1.</summary>
    BadFlag,

    /// <summary>More bytes follow the one message a unary call answers with.</summary>
    TrailingBytes,
}
