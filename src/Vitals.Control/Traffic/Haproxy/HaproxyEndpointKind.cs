namespace Vitals.Control.Traffic.Haproxy;

/// <summary>How a HAProxy runtime API is reached.</summary>
public enum HaproxyEndpointKind
{
    /// <summary>A unix socket path on this host (<c>stats socket /run/haproxy/admin.sock level admin</c>).</summary>
    Unix,

    /// <summary>A TCP address (<c>stats socket ipv4@10.0.0.5:9999 level admin</c>), subject to the target policy.</summary>
    Tcp,
}
