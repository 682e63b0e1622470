using System.Diagnostics.CodeAnalysis;
using Vitals.Core.Resources;
using Vitals.Storage.Secrets;

namespace Vitals.Storage.Sql;

// Webhook signing secrets at rest, as the dialects' secrets (SqlStore.Secrets.cs): with a key, secret and previous_secret
// are sealed, bound to the webhook's id (so a rotation can move the current value to previous_secret as it is stored,
// and a value copied to another webhook does not open); every read opens them, so nothing above the store sees a
// ciphertext.
public abstract partial class SqlStore
{
    /// <summary>The value a secret column holds for <paramref name="plain"/>: sealed when the store has a key; null stays null.</summary>
    [return: NotNullIfNotNull(nameof(plain))]
    private string? SealWebhookSecret(string webhookId, string? plain) =>
        plain is null || _secrets is null ? plain : _secrets.Seal(plain, WebhookSecretContext(webhookId));

    /// <summary>The webhook as its callers see it: both secrets in clear.</summary>
    private Webhook OpenWebhook(Webhook stored) => stored with
    {
        Secret = OpenWebhookSecret(stored.Id, stored.Secret),
        PreviousSecret = stored.PreviousSecret is { } previous ? OpenWebhookSecret(stored.Id, previous) : null,
    };

    private string OpenWebhookSecret(string webhookId, string stored)
    {
        if (!SecretCipher.IsSealed(stored))
        {
            return stored;
        }

        if (_secrets is null || !_secrets.TryOpen(stored, WebhookSecretContext(webhookId), out var plain))
        {
            throw new SecretsKeyException(_secrets is null
                ? "the store holds encrypted webhook secrets: open it with its secrets key"
                : $"a webhook secret in the store was sealed under key {SecretCipher.KeyIdOf(stored)}, not this node's key {_secrets.Key.Id} "
                  + $"({_secrets.Key.Path}): every node sharing the store needs the same --secrets-key-file");
        }

        return plain;
    }

    /// <summary>
    /// Inside <see cref="UseSecretsAsync"/>'s transaction: seals every webhook secret still in clear, and counts the sealed
    /// ones <paramref name="cipher"/> cannot open in <paramref name="unreadable"/> (by key id). Returns how many rows changed.
    /// </summary>
    private static async Task<int> SealWebhookSecretsAsync(StoreDb db, SecretCipher cipher, SortedDictionary<string, int> unreadable)
    {
        var rows = await db.QueryAsync("SELECT numeric_id, id, secret, previous_secret FROM webhooks ORDER BY numeric_id", null,
            static r => (NumericId: r.GetInt64(0), Id: r.GetString(1), Secret: r.GetString(2), Previous: r.NullableString(3)));
        var migrated = 0;
        foreach (var row in rows)
        {
            var context = WebhookSecretContext(row.Id);
            var secret = SealOrCheck(cipher, row.Secret, context, unreadable);
            var previous = row.Previous is null ? null : SealOrCheck(cipher, row.Previous, context, unreadable);
            if (secret is null && previous is null)
            {
                continue;
            }

            migrated += await db.ExecuteAsync(
                "UPDATE webhooks SET secret = @secret, previous_secret = @previous WHERE numeric_id = @NumericId",
                new { secret = secret ?? row.Secret, previous = previous ?? row.Previous, row.NumericId });
        }

        return migrated;
    }

    /// <summary>The sealed value of a clear one; null for a value already sealed (counted when this key cannot open it).</summary>
    private static string? SealOrCheck(SecretCipher cipher, string stored, string context, SortedDictionary<string, int> unreadable)
    {
        if (!SecretCipher.IsSealed(stored))
        {
            return cipher.Seal(stored, context);
        }

        if (!cipher.TryOpen(stored, context, out _))
        {
            var keyId = SecretCipher.KeyIdOf(stored) ?? "?";
            unreadable[keyId] = unreadable.GetValueOrDefault(keyId) + 1;
        }

        return null;
    }

    private static string WebhookSecretContext(string webhookId) => $"vitals-webhook:{webhookId}";
}
