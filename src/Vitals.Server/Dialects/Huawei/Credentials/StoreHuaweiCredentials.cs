using System.Security.Cryptography;
using Vitals.Control.Access;
using Vitals.Server.Dialects.Huawei.Signing;
using Vitals.Storage;

namespace Vitals.Server.Dialects.Huawei.Credentials;

/// <summary>Huawei AK/SK pairs as the credential service keeps them (<see cref="CredentialKind.HuaweiAccessKey"/>), and how new ones are made.</summary>
internal static class StoreHuaweiCredentials
{
    private const string AccessAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>The signature verifier's lookup: a project's AK, inactive once revoked.</summary>
    public static HuaweiAccessKeyLookup Lookup(CredentialService credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return async (accessKey, cancellationToken) =>
        {
            if (!IsWellFormed(accessKey))
            {
                return null;
            }

            var credential = await credentials.FindAsync(CredentialKind.HuaweiAccessKey, accessKey, cancellationToken);
            return credential is { ProjectId: { } projectId }
                ? new HuaweiAccessKey(credential.Secret, projectId, !credential.IsRevoked)
                : null;
        };
    }

    /// <summary>A new AK (20 upper-case letters and digits, as Huawei's) and a 40-character SK, from a cryptographic RNG.</summary>
    public static (string Access, string Secret) New() =>
        (RandomNumberGenerator.GetString(AccessAlphabet, 20), RandomNumberGenerator.GetString(SecretAlphabet, 40));

    /// <summary>What could be an AK: anything else is answered "not found" without a store read.</summary>
    public static bool IsWellFormed(string accessKey)
    {
        if (accessKey.Length is 0 or > 64)
        {
            return false;
        }

        foreach (var c in accessKey)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
