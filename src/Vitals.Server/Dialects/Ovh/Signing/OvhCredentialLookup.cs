namespace Vitals.Server.Dialects.Ovh.Signing;

/// <summary>Resolves an application key and consumer key pair; the store backs it, tests pass a dictionary.</summary>
internal delegate ValueTask<OvhCredential> OvhCredentialLookup(string applicationKey, string consumerKey,
    CancellationToken cancellationToken);
