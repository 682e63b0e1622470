namespace Vitals.Probes.Grpc;

/// <summary>How far one gRPC check got: decides which timeout a fired deadline means.</summary>
internal enum GrpcCheckPhase
{
    /// <summary>The request waits for its connection to be started.</summary>
    NotStarted,

    /// <summary>TCP connect in progress.</summary>
    Connecting,

    /// <summary>TLS handshake in progress.</summary>
    Tls,

    /// <summary>Connected (and TLS done): HTTP/2 set-up and request sent, waiting for the response headers.</summary>
    Connected,

    /// <summary>Response headers read: reading the message and the trailers.</summary>
    Answering,
}
