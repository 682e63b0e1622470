using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Vitals.Control.Access;

namespace Vitals.Server.Auth;

/// <summary>
/// Turns the credential of a request (<c>Authorization: Bearer …</c> or <c>X-Auth-Token</c>) into a
/// <see cref="Caller"/>: the admin token given at start, or a valid project token (<see cref="TokenService"/>: hashed,
/// cached, refused at once when revoked, rotated or expired).
/// </summary>
public sealed class CallerResolver(TokenService tokens, IOptions<VitalsServerOptions> options)
{
    private readonly TokenService _tokens = tokens;
    private readonly byte[]? _adminToken = options.Value.AdminToken is { Length: > 0 } t ? Encoding.UTF8.GetBytes(t) : null;

    /// <summary>The token of a request, or null when it carries none.</summary>
    public static string? TokenOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = authorization["Bearer ".Length..].Trim();
            return token.Length > 0 ? token : null;
        }

        var header = request.Headers["X-Auth-Token"].ToString().Trim();
        return header.Length > 0 ? header : null;
    }

    /// <summary>The caller owning <paramref name="token"/>; null when the token is unknown, revoked or expired.</summary>
    public async ValueTask<Caller?> ResolveAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (_adminToken is not null && CryptographicOperations.FixedTimeEquals(_adminToken, Encoding.UTF8.GetBytes(token)))
        {
            return Caller.Admin;
        }

        return await _tokens.AuthenticateAsync(token, cancellationToken) is { } valid ? Caller.ForProject(valid.ProjectId) : null;
    }
}
