using Vitals.Core.Resources;

namespace Vitals.Storage.Filters;

public sealed record ServerGroupFilter : ResourceFilter
{
    public static ServerGroupFilter All { get; } = new();

    public string? LoadBalancerId { get; init; }

    public PoolProtocol? Protocol { get; init; }
}
