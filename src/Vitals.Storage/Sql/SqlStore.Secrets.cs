using System.Security.Cryptography;
using System.Text;
using Vitals.Storage.Secrets;

namespace Vitals.Storage.Sql;

// The dialects' secrets at rest. With a key (UseSecretsAsync) the store never writes a secret in clear and never
// returns a ciphertext: an Alibaba AccessKeySecret and a Huawei SK are sealed under the key; an OVH credential's consumer key, which is
// its lookup key, is stored as a hash and sealed together with the application secret (the list shows it again).
// Everything above the store (CredentialService, the dialects) sees plain values, as before. Webhook secrets are sealed
// the same way (SqlStore.WebhookSecrets.cs).
public abstract partial class SqlStore
{
    /// <summary>How a hashed OVH consumer key starts in <c>key_id</c>; a plain one (32 letters and digits) never does.</summary>
    private const string ConsumerKeyHashPrefix = "ck-sha256:";

    private SecretCipher? _secrets;

    /// <summary>
    /// From now on seals the dialects' secrets with <paramref name="key"/>. In one transaction it first seals every
    /// secret still stored in clear (a database of an older version, migrated in place), then checks that every sealed
    /// one opens with this key. Call it once, right after opening the store.
    /// </summary>
    /// <returns>How many credentials and webhooks were migrated.</returns>
    /// <exception cref="SecretsKeyException">Stored secrets were sealed under another key (or are damaged); nothing changed.</exception>
    public async Task<int> UseSecretsAsync(SecretsKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var cipher = new SecretCipher(key);
        var result = await WriteAsync(async db =>
        {
            var rows = await db.QueryAsync(
                "SELECT numeric_id, kind, key_id, secret FROM credentials WHERE kind IN ('AlibabaAccessKey', 'Ovh', 'HuaweiAccessKey') ORDER BY numeric_id", null,
                static r => (Id: r.GetInt64(0), Kind: r.Enum<CredentialKind>(1), KeyId: r.GetString(2), Secret: r.GetString(3)));
            var migrated = 0;
            var unreadable = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                if (SecretCipher.IsSealed(row.Secret))
                {
                    if (!cipher.TryOpen(row.Secret, SecretContext(row.Kind, row.KeyId), out _))
                    {
                        var keyId = SecretCipher.KeyIdOf(row.Secret) ?? "?";
                        unreadable[keyId] = unreadable.GetValueOrDefault(keyId) + 1;
                    }

                    continue;
                }

                var (storedKeyId, storedSecret) = Protect(cipher, row.Kind, row.KeyId, row.Secret);
                migrated += await db.ExecuteAsync(
                    "UPDATE credentials SET key_id = @storedKeyId, secret = @storedSecret WHERE numeric_id = @Id AND secret = @Secret",
                    new { storedKeyId, storedSecret, row.Id, row.Secret });
            }

            migrated += await SealWebhookSecretsAsync(db, cipher, unreadable);

            if (unreadable.Count > 0)
            {
                var keys = string.Join(", ", unreadable.Select(static p => $"{p.Value} under key {p.Key}"));
                return StoreResult<int>.Conflict("secrets_key",
                    $"the secrets key {key.Path} (key {key.Id}) cannot decrypt the stored secrets ({keys}): "
                    + "start with the key file that sealed them (--secrets-key-file, the same file on every node sharing the store)"
                    + (key.Created ? "; this key was created just now because its file did not exist" : ""));
            }

            return StoreResult<int>.Ok(migrated);
        }, cancellationToken);
        if (!result.IsOk)
        {
            throw new SecretsKeyException(result.Message!);
        }

        _secrets = cipher;
        if (result.Value > 0)
        {
            await AfterSecretsSealedAsync(cancellationToken);
        }

        return result.Value;
    }

    /// <summary>
    /// Runs after secrets stored in clear were sealed in place, to push the old bytes out of the files the database
    /// keeps (SQLite: checkpoint the WAL into the database file). PostgreSQL keeps old row versions until VACUUM.
    /// </summary>
    private protected virtual Task AfterSecretsSealedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>What <c>key_id</c> holds for a credential's key id: the OVH consumer key's hash once secrets are sealed.</summary>
    private string StoredKeyId(CredentialKind kind, string keyId) =>
        kind == CredentialKind.Ovh && _secrets is not null ? HashConsumerKey(keyId) : keyId;

    /// <summary>The credential as its row holds it: key id and secret protected (unchanged without a key).</summary>
    private Credential Seal(Credential credential)
    {
        if (_secrets is null)
        {
            return credential;
        }

        var (keyId, secret) = Protect(_secrets, credential.Kind, credential.KeyId, credential.Secret);
        return credential with { KeyId = keyId, Secret = secret };
    }

    /// <summary>The credential as the row's reader sees it: the inverse of <see cref="Seal"/>.</summary>
    private Credential Unseal(Credential stored)
    {
        if (!SecretCipher.IsSealed(stored.Secret))
        {
            return stored;
        }

        if (_secrets is null || !_secrets.TryOpen(stored.Secret, SecretContext(stored.Kind, stored.KeyId), out var plain))
        {
            throw new SecretsKeyException(_secrets is null
                ? "the store holds encrypted secrets: open it with its secrets key"
                : $"a secret in the store was sealed under key {SecretCipher.KeyIdOf(stored.Secret)}, not this node's key {_secrets.Key.Id} "
                  + $"({_secrets.Key.Path}): every node sharing the store needs the same --secrets-key-file");
        }

        if (stored.Kind != CredentialKind.Ovh)
        {
            return stored with { Secret = plain };
        }

        var newline = plain.IndexOf('\n', StringComparison.Ordinal);
        return stored with { KeyId = plain[..newline], Secret = plain[(newline + 1)..] };
    }

    private static (string KeyId, string Secret) Protect(SecretCipher cipher, CredentialKind kind, string keyId, string secret)
    {
        switch (kind)
        {
            case CredentialKind.AlibabaAccessKey or CredentialKind.HuaweiAccessKey:
                return (keyId, cipher.Seal(secret, SecretContext(kind, keyId)));
            case CredentialKind.Ovh:
                if (keyId.Contains('\n', StringComparison.Ordinal))
                {
                    throw new ArgumentException("an OVH consumer key has no line break", nameof(keyId));
                }

                var hashed = HashConsumerKey(keyId);
                return (hashed, cipher.Seal(keyId + "\n" + secret, SecretContext(kind, hashed)));
            default:
                return (keyId, secret); // bearer tokens: key_id is already a hash and there is no secret
        }
    }

    /// <summary>What a sealed secret is bound to: its row's kind and stored key id, so it opens in no other row.</summary>
    private static string SecretContext(CredentialKind kind, string storedKeyId) => $"vitals-credential:{kind}:{storedKeyId}";

    private static string HashConsumerKey(string consumerKey) =>
        ConsumerKeyHashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(consumerKey)));
}
