namespace Vitals.Storage.Filters;

public sealed record LoadBalancerFilter : ResourceFilter
{
    public static LoadBalancerFilter All { get; } = new();

    public string? Region { get; init; }
}
