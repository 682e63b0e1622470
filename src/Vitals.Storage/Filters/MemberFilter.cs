namespace Vitals.Storage.Filters;

public sealed record MemberFilter : ResourceFilter
{
    public static MemberFilter All { get; } = new();

    public string? PoolId { get; init; }

    /// <summary>Exact address text as stored.</summary>
    public string? Address { get; init; }

    public int? ProtocolPort { get; init; }

    public string? InstanceId { get; init; }

    public bool? AdminStateUp { get; init; }
}
