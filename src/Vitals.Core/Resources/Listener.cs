namespace Vitals.Core.Resources;

/// <summary>A listener of a load balancer: a protocol and port, forwarding to one server group.</summary>
public sealed record Listener : Resource
{
    public required string LoadBalancerId { get; init; }

    public required ListenerProtocol Protocol { get; init; }

    public required int ProtocolPort { get; init; }

    /// <summary>The server group this listener forwards to, if any.</summary>
    public string? DefaultPoolId { get; init; }

    public bool AdminStateUp { get; init; } = true;
}
