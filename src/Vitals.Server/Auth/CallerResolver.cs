using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Vitals.Storage;

namespace Vitals.Server.Auth;

/// <summary>
/// Turns the credential of a request (<c>Authorization: Bearer …</c> or <c>X-Auth-Token</c>) into a
/// <see cref="Caller"/>: the admin token given at start, or a project token from the store (hashed, cached).
/// </summary>
public sealed class CallerResolver(IStore store, IOptions<VitalsServerOptions> options)
{
    private readonly IStore _store = store;
    private readonly byte[]? _adminToken = options.Value.AdminToken is { Length: > 0 } t ? Encoding.UTF8.GetBytes(t) : null;
    private readonly ConcurrentDictionary<string, string> _projectByTokenHash = new(StringComparer.Ordinal);

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

    /// <summary>The caller owning <paramref name="token"/>; null when the token is unknown or revoked.</summary>
    public async ValueTask<Caller?> ResolveAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (_adminToken is not null && CryptographicOperations.FixedTimeEquals(_adminToken, Encoding.UTF8.GetBytes(token)))
        {
            return Caller.Admin;
        }

        var hash = TokenHash.Compute(token);
        if (_projectByTokenHash.TryGetValue(hash, out var projectId))
        {
            return Caller.ForProject(projectId);
        }

        var project = await _store.FindProjectByTokenHashAsync(hash, cancellationToken);
        if (project is null)
        {
            return null;
        }

        _projectByTokenHash[hash] = project.Id;
        return Caller.ForProject(project.Id);
    }

    /// <summary>Forgets cached tokens (call after revoking one).</summary>
    public void Forget(string tokenHash) => _projectByTokenHash.TryRemove(tokenHash, out _);
}
