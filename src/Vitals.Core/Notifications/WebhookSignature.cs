using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vitals.Core.Notifications;

/// <summary>
/// The webhook signature, Stripe's scheme: header <c>Vitals-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c> where the hex
/// is HMAC-SHA256, keyed with the webhook's secret, of the ASCII timestamp, a dot and the raw body. During a secret
/// rotation the sender signs with each live secret and the header carries several <c>v1</c> values; a receiver accepts
/// the request when any of them matches its secret. Pure: the secret comes in as bytes, time as a value.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "Vitals-Signature";

    /// <summary>The default tolerance between the signed timestamp and the receiver's clock.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private const int HexLength = HMACSHA256.HashSizeInBytes * 2;

    /// <summary>Most <c>v1</c> values a header may carry; more is refused as malformed (bounds the work of a bad header).</summary>
    public const int MaxSignatures = 8;

    /// <summary>The header value for <paramref name="body"/> signed at <paramref name="timestamp"/> (unix seconds).</summary>
    public static string Sign(ReadOnlySpan<byte> secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var sb = new StringBuilder(3 + 20 + 4 + HexLength);
        sb.Append("t=").Append(timestamp.ToString(CultureInfo.InvariantCulture));
        AppendV1(sb, secret, timestamp, body);
        return sb.ToString();
    }

    /// <summary>The header value signed with each of <paramref name="secrets"/> (a rotation: the new secret and the old).</summary>
    public static string Sign(IReadOnlyList<byte[]> secrets, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (secrets.Count is 0 or > MaxSignatures)
        {
            throw new ArgumentOutOfRangeException(nameof(secrets), secrets.Count, $"sign with 1 to {MaxSignatures} secrets");
        }

        var sb = new StringBuilder(3 + 20 + (secrets.Count * (4 + HexLength)));
        sb.Append("t=").Append(timestamp.ToString(CultureInfo.InvariantCulture));
        foreach (var secret in secrets)
        {
            AppendV1(sb, secret, timestamp, body);
        }

        return sb.ToString();
    }

    /// <summary>Checks <paramref name="header"/> against <paramref name="body"/> with <paramref name="secret"/>.</summary>
    /// <param name="secret">The receiver's secret, as bytes (the UTF-8 of the whole <c>whsec_…</c> string).</param>
    /// <param name="header">The <c>Vitals-Signature</c> value received.</param>
    /// <param name="body">The raw body received, byte for byte.</param>
    /// <param name="now">The receiver's time.</param>
    /// <param name="tolerance">How far the timestamp may be from <paramref name="now"/>, either way; <see cref="DefaultTolerance"/> when null.</param>
    public static SignatureCheck Verify(ReadOnlySpan<byte> secret, string? header, ReadOnlySpan<byte> body, DateTimeOffset now,
        TimeSpan? tolerance = null)
    {
        var limit = tolerance ?? DefaultTolerance;
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, TimeSpan.Zero, nameof(tolerance));
        if (string.IsNullOrEmpty(header) || header.Length > 1024)
        {
            return SignatureCheck.Malformed;
        }

        long? timestamp = null;
        Span<Range> parts = stackalloc Range[MaxSignatures + 2];
        var line = header.AsSpan();
        var count = line.Split(parts, ',');
        if (count > MaxSignatures + 1)
        {
            return SignatureCheck.Malformed;
        }

        var signatures = 0;
        for (var i = 0; i < count; i++)
        {
            var part = line[parts[i]].Trim();
            if (part.StartsWith("t="))
            {
                if (timestamp is not null || !long.TryParse(part[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var t))
                {
                    return SignatureCheck.Malformed;
                }

                timestamp = t;
            }
            else if (part.StartsWith("v1="))
            {
                if (part.Length != 3 + HexLength)
                {
                    return SignatureCheck.Malformed;
                }

                signatures++;
            }

            // Other schemes (v0, a future v2) are ignored, as Stripe's verifiers do.
        }

        if (timestamp is not { } ts || signatures == 0)
        {
            return SignatureCheck.Malformed;
        }

        if (ts > DateTimeOffset.MaxValue.ToUnixTimeSeconds() || Math.Abs(now.ToUnixTimeSeconds() - ts) > (long)limit.TotalSeconds)
        {
            return SignatureCheck.OutsideTolerance;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(secret, ts, body, expected);
        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var match = false;
        for (var i = 0; i < count; i++)
        {
            var part = line[parts[i]].Trim();
            if (!part.StartsWith("v1="))
            {
                continue;
            }

            // A value that is not hex cannot match; compare every value in constant time, whatever matched before.
            if (Convert.FromHexString(part[3..], given, out _, out var written) == System.Buffers.OperationStatus.Done
                && written == given.Length)
            {
                match |= CryptographicOperations.FixedTimeEquals(expected, given);
            }
        }

        return match ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    /// <summary>HMAC-SHA256 of <c>"{timestamp}." + body</c> keyed with <paramref name="secret"/>, into <paramref name="destination"/> (32 bytes).</summary>
    public static void Compute(ReadOnlySpan<byte> secret, long timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
        Span<byte> prefix = stackalloc byte[21];
        timestamp.TryFormat(prefix, out var n, default, CultureInfo.InvariantCulture);
        prefix[n++] = (byte)'.';
        hmac.AppendData(prefix[..n]);
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }

    private static void AppendV1(StringBuilder sb, ReadOnlySpan<byte> secret, long timestamp, ReadOnlySpan<byte> body)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(secret, timestamp, body, mac);
        sb.Append(",v1=").Append(Convert.ToHexStringLower(mac));
    }
}
