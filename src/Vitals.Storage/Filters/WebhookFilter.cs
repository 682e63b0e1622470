namespace Vitals.Storage.Filters;

/// <summary>What a list of webhooks can be narrowed to (the common fields: ids, numeric id, exact name).</summary>
public sealed record WebhookFilter : ResourceFilter
{
    public static WebhookFilter All { get; } = new();

    /// <summary>Only enabled (true) or disabled (false) webhooks.</summary>
    public bool? AdminStateUp { get; init; }
}
