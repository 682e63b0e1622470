namespace Vitals.Server.Dialects.Huawei.Credentials;

// /api/v1/huawei-credentials (snake_case on the wire, like the rest of /api/v1). "access" and "secret" are the names
// Huawei's IAM gives an AK and its SK.

/// <summary>The optional body of <c>POST /api/v1/huawei-credentials</c>.</summary>
internal sealed record CreateHuaweiCredentialRequest(string? Description);

/// <summary>A new AK/SK pair: the only answer that ever shows the SK.</summary>
internal sealed record CreatedHuaweiCredentialDto(string Access, string Secret, string ProjectId, string Description, string Status,
    DateTimeOffset CreatedAt);

/// <summary>An AK as shown and listed (no SK).</summary>
internal sealed record HuaweiCredentialDto(string Access, string ProjectId, string Description, string Status, DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt);

/// <summary>The AKs of the caller's project, oldest first.</summary>
internal sealed record HuaweiCredentialListDto(IReadOnlyList<HuaweiCredentialDto> Credentials);
