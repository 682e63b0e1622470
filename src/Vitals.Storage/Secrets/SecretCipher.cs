using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Vitals.Storage.Secrets;

/// <summary>
/// Seals a secret with AES-256-GCM under a <see cref="SecretsKey"/>:
/// <c>vs1:&lt;key id&gt;:&lt;base64url(nonce ‖ tag ‖ ciphertext)&gt;</c>. The prefix names the format version and
/// the key, so a value sealed under another key is told from a damaged one. The caller's context (what the value
/// belongs to) is bound as associated data: a ciphertext copied to another row does not open.
/// </summary>
public sealed class SecretCipher
{
    /// <summary>How every sealed value starts; no plain secret Vitals issues contains ':'.</summary>
    public const string Prefix = "vs1:";

    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly SecretsKey _key;

    public SecretCipher(SecretsKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
    }

    /// <summary>The key it seals with.</summary>
    public SecretsKey Key => _key;

    /// <summary>Whether <paramref name="stored"/> is a sealed value (of any key) rather than a plain one.</summary>
    public static bool IsSealed(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The key id a sealed value names; null for a plain or malformed value.</summary>
    public static string? KeyIdOf(string stored) =>
        IsSealed(stored) && stored.IndexOf(':', Prefix.Length) is var end and > 0 ? stored[Prefix.Length..end] : null;

    public string Seal(string plain, string context)
    {
        ArgumentNullException.ThrowIfNull(plain);
        ArgumentNullException.ThrowIfNull(context);
        var plainBytes = Encoding.UTF8.GetBytes(plain);
        var sealedBytes = new byte[NonceSize + TagSize + plainBytes.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_key.Bytes, TagSize))
        {
            aes.Encrypt(nonce, plainBytes, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize),
                Encoding.UTF8.GetBytes(context));
        }

        CryptographicOperations.ZeroMemory(plainBytes);
        return $"{Prefix}{_key.Id}:{Base64Url.EncodeToString(sealedBytes)}";
    }

    /// <summary>
    /// Opens a value <see cref="Seal"/> made with this key and the same <paramref name="context"/>; false when it names
    /// another key, is damaged, or belongs to another context.
    /// </summary>
    public bool TryOpen(string stored, string context, [NotNullWhen(true)] out string? plain)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(context);
        plain = null;
        if (KeyIdOf(stored) != _key.Id)
        {
            return false;
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = Base64Url.DecodeFromChars(stored.AsSpan(Prefix.Length + _key.Id.Length + 1));
        }
        catch (FormatException)
        {
            return false;
        }

        if (sealedBytes.Length < NonceSize + TagSize)
        {
            return false;
        }

        var plainBytes = new byte[sealedBytes.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(_key.Bytes, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize),
                plainBytes, Encoding.UTF8.GetBytes(context));
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        plain = Encoding.UTF8.GetString(plainBytes);
        return true;
    }
}
