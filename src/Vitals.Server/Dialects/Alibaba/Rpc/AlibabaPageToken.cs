using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vitals.Server.Dialects.Alibaba.Rpc;

/// <summary>
/// The opaque <c>NextToken</c> of keyset paging: the sort key of the last entry returned (a group id and a numeric id),
/// bound to the scope it was issued for (e.g. the listener) and sealed with a checksum, so a garbled token, or one from
/// another listener, is refused as <c>InvalidParameter</c> instead of silently restarting or skipping.
/// Stable across restarts: it holds no server secret, only a position the caller was already shown.
/// </summary>
internal static class AlibabaPageToken
{
    private const int ChecksumBytes = 8;
    private const int MaxTokenLength = 1024;
    private static readonly byte[] Domain = "vitals-alibaba-page-token-v1\n"u8.ToArray();

    public static string Encode(string scope, string group, long afterNumericId)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(group);
        var payload = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{scope}\n{group}\n{afterNumericId}"));
        var sealedBytes = new byte[payload.Length + ChecksumBytes];
        payload.CopyTo(sealedBytes, 0);
        Checksum(payload).CopyTo(sealedBytes.AsSpan(payload.Length));
        return Base64Url.EncodeToString(sealedBytes);
    }

    /// <returns>False when the token is malformed, tampered with, or was issued for another scope.</returns>
    public static bool TryDecode(string token, string scope, out string group, out long afterNumericId)
    {
        ArgumentNullException.ThrowIfNull(token);
        group = "";
        afterNumericId = 0;
        if (token.Length is 0 or > MaxTokenLength)
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return false;
        }

        if (bytes.Length <= ChecksumBytes)
        {
            return false;
        }

        var payload = bytes.AsSpan(0, bytes.Length - ChecksumBytes);
        if (!CryptographicOperations.FixedTimeEquals(Checksum(payload), bytes.AsSpan(payload.Length)))
        {
            return false;
        }

        var parts = Encoding.UTF8.GetString(payload).Split('\n');
        if (parts.Length != 3 || !string.Equals(parts[0], scope, StringComparison.Ordinal)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out afterNumericId))
        {
            return false;
        }

        group = parts[1];
        return true;
    }

    private static byte[] Checksum(ReadOnlySpan<byte> payload)
    {
        var input = new byte[Domain.Length + payload.Length];
        Domain.CopyTo(input, 0);
        payload.CopyTo(input.AsSpan(Domain.Length));
        return SHA256.HashData(input)[..ChecksumBytes];
    }
}
