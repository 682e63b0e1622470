namespace Vitals.Core.Resources;

/// <summary>
/// A load balancer bound to one HAProxy instance's runtime API: Vitals pushes its members' rotation there and reads it
/// back (docs/load-balancers.md, "Binding a load balancer to HAProxy").
/// </summary>
public sealed record HaproxyBinding : Resource
{
    public required string LoadBalancerId { get; init; }

    public string Description { get; init; } = "";

    /// <summary>
    /// Where HAProxy's runtime API listens: an absolute unix socket path (<c>/run/haproxy/admin.sock</c>, also
    /// <c>unix:/run/haproxy/admin.sock</c>) or the <c>IP:port</c> / <c>[IPv6]:port</c> of a TCP stats socket, as sent
    /// (<see cref="Traffic.HaproxyRuntimeApi.TryParse"/> reads it).
    /// </summary>
    public required string RuntimeApi { get; init; }

    /// <summary>
    /// The HAProxy backend of a pool (pool id → backend name); a pool of the load balancer not listed uses
    /// <see cref="Traffic.HaproxyNames.Backend"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Backends { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Add and delete HAProxy servers at runtime as members are created and deleted (HAProxy 2.5 and later).</summary>
    public bool ManageServers { get; init; }

    /// <summary>False: the binding is kept but nothing is pushed to HAProxy.</summary>
    public bool AdminStateUp { get; init; } = true;
}
