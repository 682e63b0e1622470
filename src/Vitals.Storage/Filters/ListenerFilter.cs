using Vitals.Core.Resources;

namespace Vitals.Storage.Filters;

public sealed record ListenerFilter : ResourceFilter
{
    public static ListenerFilter All { get; } = new();

    public string? LoadBalancerId { get; init; }

    public ListenerProtocol? Protocol { get; init; }

    public int? ProtocolPort { get; init; }

    public string? DefaultPoolId { get; init; }
}
