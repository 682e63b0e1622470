namespace Vitals.Control.Traffic.Haproxy;

/// <summary>The operational state <c>set server … health</c> forces.</summary>
public enum HaproxyHealth
{
    /// <summary><c>up</c>: in rotation, as after a passed check.</summary>
    Up,

    /// <summary><c>stopping</c>: up but soft-stopping, like an HTTP check answering 404 with <c>http-check disable-on-404</c>.</summary>
    Stopping,

    /// <summary><c>down</c>: out of rotation, as after a failed check; with <c>check</c> HAProxy's own checks may bring it back.</summary>
    Down,
}
