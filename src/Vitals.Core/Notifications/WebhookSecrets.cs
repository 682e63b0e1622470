using System.Buffers.Text;

namespace Vitals.Core.Notifications;

/// <summary>
/// The shape of a webhook secret: <c>whsec_</c> and the base64url (unpadded) of 32 random bytes. The caller draws the
/// bytes (Core does no I/O); the HMAC key is the UTF-8 of the whole string, prefix included, so a receiver uses the
/// secret exactly as shown.
/// </summary>
public static class WebhookSecrets
{
    public const string Prefix = "whsec_";

    /// <summary>Random bytes in a secret.</summary>
    public const int ByteLength = 32;

    /// <summary>The secret made from <paramref name="random"/> (exactly <see cref="ByteLength"/> bytes).</summary>
    public static string Format(ReadOnlySpan<byte> random)
    {
        if (random.Length != ByteLength)
        {
            throw new ArgumentException($"a secret takes exactly {ByteLength} random bytes", nameof(random));
        }

        return Prefix + Base64Url.EncodeToString(random);
    }

    /// <summary>True when <paramref name="secret"/> has the shape <see cref="Format"/> makes.</summary>
    public static bool IsWellFormed(string? secret)
    {
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[ByteLength + 2];
        return Base64Url.IsValid(secret.AsSpan(Prefix.Length), out var decoded) && decoded == ByteLength
            && Base64Url.TryDecodeFromChars(secret.AsSpan(Prefix.Length), bytes, out var written) && written == ByteLength;
    }
}
