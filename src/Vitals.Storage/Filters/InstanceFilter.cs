namespace Vitals.Storage.Filters;

public sealed record InstanceFilter : ResourceFilter
{
    public static InstanceFilter All { get; } = new();

    public string? Region { get; init; }

    public string? Address { get; init; }
}
