using System.Collections.Concurrent;
using Vitals.Control.Access;
using Vitals.Server.Dialects.Ovh.Signing;
using Vitals.Storage;

namespace Vitals.Server.Dialects.Ovh.Credentials;

/// <summary>
/// Resolves OVH key pairs through the credential service: the consumer key is the credential's key id, the application key its extra
/// value. To tell an unknown application key (403 INVALID_KEY) from a consumer key not bound to it (403
/// INVALID_CREDENTIAL), the valid application keys are kept in memory, loaded once and updated on issue and revoke, so
/// a failed call never scans every project's credentials.
/// </summary>
internal sealed class OvhCredentialDirectory(CredentialService credentials) : IDisposable
{
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private ConcurrentDictionary<string, byte>? _applicationKeys;

    public async ValueTask<OvhCredential> LookupAsync(string applicationKey, string consumerKey, CancellationToken cancellationToken)
    {
        var credential = await credentials.FindAsync(CredentialKind.Ovh, consumerKey, cancellationToken);
        if (credential is { IsRevoked: false, ProjectId: { } projectId } && string.Equals(credential.Extra, applicationKey, StringComparison.Ordinal))
        {
            return OvhCredential.Valid(credential.Secret, projectId);
        }

        // A revoked pair is a credential that no longer exists (OVH: 403 INVALID_CREDENTIAL), not an unknown application:
        // its application key left the in-memory set on revocation, so answer from the stored credential itself.
        if (credential is { IsRevoked: true } && string.Equals(credential.Extra, applicationKey, StringComparison.Ordinal))
        {
            return OvhCredential.UnknownConsumer;
        }

        var known = await ApplicationKeysAsync(cancellationToken);
        return known.ContainsKey(applicationKey) ? OvhCredential.UnknownConsumer : OvhCredential.UnknownApplication;
    }

    public void Dispose() => _loadGate.Dispose();

    public void Issued(string applicationKey) => _applicationKeys?.TryAdd(applicationKey, 0);

    public void Revoked(string applicationKey) => _applicationKeys?.TryRemove(applicationKey, out _);

    private async ValueTask<ConcurrentDictionary<string, byte>> ApplicationKeysAsync(CancellationToken cancellationToken)
    {
        if (_applicationKeys is { } loaded)
        {
            return loaded;
        }

        await _loadGate.WaitAsync(cancellationToken);
        try
        {
            if (_applicationKeys is null)
            {
                var keys = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
                foreach (var credential in await credentials.ListInEveryProjectAsync(CredentialKind.Ovh, cancellationToken))
                {
                    if (credential is { IsRevoked: false, Extra: { } key })
                    {
                        keys.TryAdd(key, 0);
                    }
                }

                _applicationKeys = keys;
            }

            return _applicationKeys;
        }
        finally
        {
            _loadGate.Release();
        }
    }
}
