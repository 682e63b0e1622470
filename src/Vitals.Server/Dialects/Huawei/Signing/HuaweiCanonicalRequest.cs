using System.Security.Cryptography;
using System.Text;

namespace Vitals.Server.Dialects.Huawei.Signing;

/// <summary>
/// The canonical request and string to sign of <c>SDK-HMAC-SHA256</c>, built the way Huawei's SDK signer
/// (<c>AKSKSigner</c> of <c>@huaweicloud/huaweicloud-sdk-core</c>) builds them:
/// <code>
/// METHOD \n canonical URI \n canonical query \n canonical headers \n signed headers \n payload hash
/// </code>
/// The URI is the path as sent, each segment percent-encoded again and a <c>/</c> appended when missing; the query
/// pairs are decoded, sorted by key (then value), and re-encoded; each signed header is <c>name:value\n</c>; the payload
/// hash is <c>X-Sdk-Content-Sha256</c> when sent, else the hex SHA-256 of the body.
/// </summary>
internal static class HuaweiCanonicalRequest
{
    public const string ContentSha256Header = "x-sdk-content-sha256";

    public static string Build(HuaweiSignedRequest request, HuaweiAuthorization authorization)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(authorization);
        var canonical = new StringBuilder(256);
        canonical.Append(request.Method).Append('\n');
        canonical.Append(CanonicalUri(request.RawPath)).Append('\n');
        canonical.Append(CanonicalQuery(request.RawQuery)).Append('\n');
        foreach (var name in authorization.HeaderNames)
        {
            canonical.Append(name).Append(':').Append(request.Header(name)).Append('\n');
        }

        canonical.Append('\n').Append(authorization.SignedHeaders.ToLowerInvariant()).Append('\n');
        canonical.Append(request.Header(ContentSha256Header) ?? Convert.ToHexStringLower(SHA256.HashData(request.Body.Span)));
        return canonical.ToString();
    }

    public static string StringToSign(string sdkDate, string canonicalRequest) =>
        $"{HuaweiAuthorization.Algorithm}\n{sdkDate}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    /// <summary>Each segment of the raw path encoded again (so <c>%</c> becomes <c>%25</c>), ending with <c>/</c>.</summary>
    public static string CanonicalUri(string rawPath)
    {
        ArgumentNullException.ThrowIfNull(rawPath);
        var segments = rawPath.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = Encode(segments[i]);
        }

        var uri = string.Join('/', segments);
        return uri.EndsWith('/') ? uri : uri + "/";
    }

    /// <summary>The query's pairs decoded, sorted by key then value (ordinal, as the signer's sort), each re-encoded as <c>k=v</c>.</summary>
    public static string CanonicalQuery(string rawQuery)
    {
        ArgumentNullException.ThrowIfNull(rawQuery);
        var query = rawQuery.StartsWith('?') ? rawQuery[1..] : rawQuery;
        if (query.Length == 0)
        {
            return "";
        }

        var pairs = new List<(string Key, string Value)>();
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            pairs.Add(equals < 0 ? (Decode(pair), "") : (Decode(pair[..equals]), Decode(pair[(equals + 1)..])));
        }

        pairs.Sort(static (a, b) =>
        {
            var byKey = string.CompareOrdinal(a.Key, b.Key);
            return byKey != 0 ? byKey : string.CompareOrdinal(a.Value, b.Value);
        });
        var canonical = new StringBuilder(query.Length + 16);
        foreach (var (key, value) in pairs)
        {
            if (canonical.Length > 0)
            {
                canonical.Append('&');
            }

            canonical.Append(Encode(key)).Append('=').Append(Encode(value));
        }

        return canonical.ToString();
    }

    /// <summary>The signer's encoding: UTF-8 bytes, everything but <c>A-Z a-z 0-9 - _ . ~</c> as upper-case <c>%XX</c>.</summary>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var plain = true;
        foreach (var c in value)
        {
            plain &= IsUnreserved(c);
        }

        if (plain)
        {
            return value;
        }

        var encoded = new StringBuilder(value.Length * 3);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b < 0x80 && IsUnreserved((char)b))
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(Convert.ToHexString([b]));
            }
        }

        return encoded.ToString();
    }

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~';

    /// <summary>A query key or value as the client had it before sending: <c>+</c> is a space, <c>%XX</c> a byte.</summary>
    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
