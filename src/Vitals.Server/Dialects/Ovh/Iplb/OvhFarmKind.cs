using Vitals.Core.Resources;

namespace Vitals.Server.Dialects.Ovh.Iplb;

/// <summary>
/// Which OVH farm family a server group is: <c>http</c> for HTTP, HTTPS and gRPC pools, <c>tcp</c> for TCP, TLS and IP
/// pools, <c>udp</c> for UDP and QUIC pools (whose servers OVH gives no probe, weight or <c>serverState</c>).
/// </summary>
internal static class OvhFarmKind
{
    public const string Http = "http";
    public const string Tcp = "tcp";
    public const string Udp = "udp";

    public static string Of(PoolProtocol protocol) => protocol switch
    {
        PoolProtocol.Http or PoolProtocol.Https or PoolProtocol.Grpc => Http,
        PoolProtocol.Tcp or PoolProtocol.Tls or PoolProtocol.Ip => Tcp,
        _ => Udp,
    };

    public static bool IsServed(string kind) => kind is Http or Tcp or Udp;
}
