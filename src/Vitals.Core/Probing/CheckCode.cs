namespace Vitals.Core.Probing;

/// <summary>
/// HAProxy's check status vocabulary (OVH's <c>checkStatus</c>): the OSI layer reached and how it ended.
/// </summary>
public enum CheckCode : byte
{
    /// <summary>No result yet.</summary>
    Ini,

    /// <summary>Local socket error before connecting.</summary>
    SockErr,

    /// <summary>TCP connection accepted (or UDP not refused); no higher-layer test.</summary>
    L4Ok,

    /// <summary>TCP connect did not complete in time.</summary>
    L4Tout,

    /// <summary>TCP connection refused, reset or unreachable (UDP: port unreachable).</summary>
    L4Con,

    /// <summary>TLS handshake succeeded.</summary>
    L6Ok,

    /// <summary>TLS handshake timed out.</summary>
    L6Tout,

    /// <summary>Invalid TLS response or handshake error.</summary>
    L6Rsp,

    /// <summary>Application check passed.</summary>
    L7Ok,

    /// <summary>Application answer did not arrive in time.</summary>
    L7Tout,

    /// <summary>Application answer malformed or cut.</summary>
    L7Rsp,

    /// <summary>Application answered with an unexpected status.</summary>
    L7Sts,
}
