namespace Vitals.Storage;

/// <summary>
/// Something that authenticates a caller for one project (or, with a null <see cref="ProjectId"/>, for all of them).
/// Secrets that must be read back to verify signatures (Alibaba, OVH) are sealed by the store once it has a key
/// (<see cref="Sql.SqlStore.UseSecretsAsync"/>); this record always holds them in clear.
/// </summary>
public sealed record Credential
{
    /// <summary>Assigned by the store; 0 on input.</summary>
    public long NumericId { get; init; }

    /// <summary>The project it is scoped to; null for an admin credential.</summary>
    public string? ProjectId { get; init; }

    public required CredentialKind Kind { get; init; }

    /// <summary>Unique per kind: the token hash, the AccessKeyId, the OVH consumer key.</summary>
    public required string KeyId { get; init; }

    public string Secret { get; init; } = "";

    /// <summary>A kind-specific extra value (OVH: the application key).</summary>
    public string? Extra { get; init; }

    public string Description { get; init; } = "";

    /// <summary>Set by the store on create.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was revoked; null while it is valid.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    public bool IsRevoked => RevokedAt is not null;
}
