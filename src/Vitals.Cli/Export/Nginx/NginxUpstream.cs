namespace Vitals.Cli.Export.Nginx;

/// <summary>One pool as an nginx <c>upstream</c> block.</summary>
/// <param name="Name">The upstream's name (<see cref="NginxNames"/>).</param>
/// <param name="PoolId">The pool.</param>
/// <param name="PoolName">Its name.</param>
/// <param name="LoadBalancerName">Its load balancer's name.</param>
/// <param name="Protocol">The pool's protocol (HTTP, HTTPS, GRPC, TCP, UDP, TLS, QUIC).</param>
/// <param name="Context">Where it belongs.</param>
/// <param name="LbAlgorithm">The pool's algorithm.</param>
/// <param name="Panic">The panic's reason when the pool is in panic, else null.</param>
/// <param name="Servers">Its members, in the order the rotation lists them (by id).</param>
internal sealed record NginxUpstream(string Name, string PoolId, string PoolName, string LoadBalancerName, string Protocol, NginxContext Context,
    string LbAlgorithm, string? Panic, IReadOnlyList<NginxServer> Servers);
