using System.Security.Cryptography;
using Vitals.Control.Access;
using Vitals.Server.Dialects.Alibaba.Signing;
using Vitals.Storage;

namespace Vitals.Server.Dialects.Alibaba.AccessKeys;

/// <summary>AccessKeys as the credential service keeps them (<see cref="CredentialKind.AlibabaAccessKey"/>), and how new ones are made.</summary>
internal static class StoreAccessKeys
{
    /// <summary>Alibaba AccessKeyIds start with <c>LTAI</c>; the rest is random, 24 characters in all.</summary>
    public const string IdPrefix = "LTAI";

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>The signature verifiers' lookup: a project's key, disabled once revoked; admin (project-less) keys do not sign.</summary>
    public static AlibabaAccessKeyLookup Lookup(CredentialService credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return async (accessKeyId, cancellationToken) =>
        {
            if (!IsWellFormed(accessKeyId))
            {
                return null;
            }

            var credential = await credentials.FindAsync(CredentialKind.AlibabaAccessKey, accessKeyId, cancellationToken);
            return credential is { ProjectId: { } projectId }
                ? new AlibabaAccessKey(credential.Secret, projectId, !credential.IsRevoked)
                : null;
        };
    }

    /// <summary>A new AccessKeyId (LTAI + 20 random characters) and a 30-character secret, from a cryptographic RNG.</summary>
    public static (string Id, string Secret) New() => (IdPrefix + RandomNumberGenerator.GetString(Alphabet, 20), RandomNumberGenerator.GetString(Alphabet, 30));

    /// <summary>What could be a key id: anything else is answered "not found" without a store read.</summary>
    public static bool IsWellFormed(string accessKeyId) => accessKeyId.Length is > 0 and <= 64 && HasKeyCharacters(accessKeyId);

    private static bool HasKeyCharacters(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
