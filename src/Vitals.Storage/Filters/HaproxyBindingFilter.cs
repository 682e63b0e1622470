namespace Vitals.Storage.Filters;

public sealed record HaproxyBindingFilter : ResourceFilter
{
    public static HaproxyBindingFilter All { get; } = new();

    public string? LoadBalancerId { get; init; }
}
