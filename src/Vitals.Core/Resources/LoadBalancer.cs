namespace Vitals.Core.Resources;

/// <summary>A load balancer: holds listeners. Its id is also its OVH service name.</summary>
public sealed record LoadBalancer : Resource
{
    public string Description { get; init; } = "";

    /// <summary>Region, e.g. <c>cn-hangzhou</c> (Alibaba's <c>RegionId</c>).</summary>
    public string Region { get; init; } = ResourceRules.DefaultRegion;
}
