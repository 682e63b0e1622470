namespace Vitals.Storage;

/// <summary>
/// A named bearer token of a project, as the store keeps it: a <see cref="CredentialKind.Token"/> credential seen with
/// the columns only tokens use. The token itself is never stored, only its <see cref="TokenHash"/>.
/// </summary>
public sealed record ProjectToken
{
    /// <summary>Assigned by the store (the credential's numeric id); 0 on input. The id the API and CLI show.</summary>
    public long Id { get; init; }

    public required string ProjectId { get; init; }

    /// <summary>Unique among the project's active tokens (<c>default</c> for the one created with the project).</summary>
    public required string Name { get; init; }

    /// <summary>The <see cref="TokenHash.Compute"/> of the current secret; a rotation replaces it.</summary>
    public required string Hash { get; init; }

    /// <summary>Set by the store on create.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>After this instant the token is refused; null: it does not expire.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The last request it authenticated, to about a minute; null: never used.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>When it was revoked; null while it is not.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>Whether it authenticates a request at <paramref name="now"/>: not revoked and not expired.</summary>
    public bool IsValidAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);
}
