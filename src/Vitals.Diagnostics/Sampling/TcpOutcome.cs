namespace Vitals.Diagnostics.Sampling;

/// <summary>What a raw TCP connect (and a short wait after it) saw.</summary>
internal enum TcpOutcome
{
    /// <summary>Connected; the server then waited for the client (normal for HTTP and TLS).</summary>
    Connected,

    /// <summary>Connected, and the server spoke first (a banner): still a working listener.</summary>
    Banner,

    /// <summary>RST to the SYN: nothing listens (or a firewall rejects).</summary>
    Refused,

    /// <summary>No answer to the SYN in time: packets dropped.</summary>
    Timeout,

    /// <summary>ICMP host/network unreachable: no route or host down.</summary>
    Unreachable,

    /// <summary>Connected, then the server reset the connection before a byte was exchanged.</summary>
    Reset,

    /// <summary>Connected, then the server closed the connection (FIN) before a byte was exchanged.</summary>
    Closed,

    /// <summary>A local error in the checker (no socket, no source port).</summary>
    LocalError,
}
