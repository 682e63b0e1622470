namespace Vitals.Probes.Sockets;

/// <summary>Where a check was when it failed: the same socket error means different things in each phase.</summary>
internal enum ProbePhase : byte
{
    /// <summary>Creating or configuring the local socket: nothing reached the target yet.</summary>
    Socket,

    /// <summary>TCP connect (SYN sent, waiting for SYN-ACK).</summary>
    Connect,

    /// <summary>TLS handshake.</summary>
    Tls,

    /// <summary>Sending the request or waiting for (the rest of) the answer.</summary>
    Response,
}
