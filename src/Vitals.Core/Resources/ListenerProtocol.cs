namespace Vitals.Core.Resources;

/// <summary>What a listener accepts from clients (NLB and ELB listener protocols).</summary>
public enum ListenerProtocol
{
    Tcp,
    Udp,
    TcpSsl,
    Http,
    Https,
}
