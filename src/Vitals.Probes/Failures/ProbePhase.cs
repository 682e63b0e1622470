namespace Vitals.Probes.Failures;

/// <summary>Where a check was when it failed: the same socket error means different things in each phase.</summary>
public enum ProbePhase : byte
{
    /// <summary>Creating or configuring the local socket: nothing reached the target yet.</summary>
    Socket,

    /// <summary>TCP connect (SYN sent, waiting for SYN-ACK).</summary>
    Connect,

    /// <summary>TLS handshake.</summary>
    Tls,

    /// <summary>Sending the request or waiting for (the rest of) the answer, over HTTP, gRPC or a raw connection.</summary>
    Response,

    /// <summary>
    /// UDP: one datagram sent on a connected socket, waiting for a reply. A refusal here is the ICMP port unreachable
    /// the check exists to see.
    /// </summary>
    Datagram,
}
