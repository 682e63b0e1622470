namespace Vitals.Core.Resources;

/// <summary>
/// What every resource has: a stable string id with a readable prefix (<c>lsn-…</c>), a numeric id for dialects
/// that need integers (OVH farms and servers), its project, and its creation and last update instants (UTC).
/// </summary>
public abstract record Resource
{
    public required string Id { get; init; }

    public required long NumericId { get; init; }

    public required string ProjectId { get; init; }

    public string Name { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
