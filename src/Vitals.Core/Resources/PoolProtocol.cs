namespace Vitals.Core.Resources;

/// <summary>What a server group speaks to its members (Huawei ELB v3 pool protocols).</summary>
public enum PoolProtocol
{
    Tcp,
    Udp,
    Http,
    Https,
    Quic,
    Tls,
    Grpc,
    Ip,
}
