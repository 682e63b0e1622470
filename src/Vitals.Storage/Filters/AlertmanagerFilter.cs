namespace Vitals.Storage.Filters;

/// <summary>What a list of a project's Alertmanagers can be narrowed to (the common fields: ids, numeric id, exact name).</summary>
public sealed record AlertmanagerFilter : ResourceFilter
{
    public static AlertmanagerFilter All { get; } = new();

    /// <summary>Only enabled (true) or disabled (false) Alertmanagers.</summary>
    public bool? AdminStateUp { get; init; }
}
