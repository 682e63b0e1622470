namespace Vitals.Server.Dialects.Alibaba.AccessKeys;

// /api/v1/access-keys (snake_case on the wire, like the rest of /api/v1).

/// <summary>The optional body of <c>POST /api/v1/access-keys</c>.</summary>
internal sealed record CreateAccessKeyRequest(string? Description);

/// <summary>A new AccessKey: the only answer that ever shows the secret.</summary>
internal sealed record CreatedAccessKeyDto(string AccessKeyId, string AccessKeySecret, string ProjectId, string Description, DateTimeOffset CreatedAt);

/// <summary>An AccessKey as listed (no secret).</summary>
internal sealed record AccessKeyDto(string AccessKeyId, string ProjectId, string Description, string Status, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>The AccessKeys of the caller's project, oldest first.</summary>
internal sealed record AccessKeyListDto(IReadOnlyList<AccessKeyDto> AccessKeys);
