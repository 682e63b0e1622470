using Vitals.Storage;

namespace Vitals.Server.Api;

/// <summary>
/// A project token as the API lists it, never with its secret; <c>status</c> is <c>active</c>, <c>expired</c> or
/// <c>revoked</c> at the time of the answer.
/// </summary>
public sealed record TokenDto(long Id, string ProjectId, string Name, string Status, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static TokenDto From(ProjectToken token, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(token);
        var status = token.IsRevoked ? "revoked" : token.IsValidAt(now) ? "active" : "expired";
        return new(token.Id, token.ProjectId, token.Name, status, token.CreatedAt, token.ExpiresAt, token.LastUsedAt, token.RevokedAt);
    }
}

/// <summary>Answer of a token create or rotate: the token and its secret, shown this once.</summary>
public sealed record IssuedTokenDto(TokenDto Token, string Secret);

/// <summary>Answer of a token list: the project's tokens, revoked and expired ones included, oldest first.</summary>
public sealed record TokenListDto(IReadOnlyList<TokenDto> Tokens);
