namespace Vitals.Server.Dialects.Ovh.Credentials;

// The native API's answers about OVH credentials (snake_case, /api/v1 conventions).

/// <summary><c>POST /api/v1/ovh-credentials</c>: the only answer that shows the application secret.</summary>
internal sealed record OvhIssuedCredentialDto(
    string ApplicationKey,
    string ApplicationSecret,
    string ConsumerKey,
    string ProjectId,
    string Description,
    DateTimeOffset CreatedAt);

/// <summary>A credential as listed: no secret.</summary>
internal sealed record OvhCredentialDto(
    string ApplicationKey,
    string ConsumerKey,
    string ProjectId,
    string Description,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt);

internal sealed record OvhCredentialListDto(IReadOnlyList<OvhCredentialDto> Credentials);
