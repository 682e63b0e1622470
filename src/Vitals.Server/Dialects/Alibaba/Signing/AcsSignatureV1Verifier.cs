using System.Security.Cryptography;
using System.Text;

namespace Vitals.Server.Dialects.Alibaba.Signing;

/// <summary>
/// Verifies the Alibaba RPC signature v1 (<c>SignatureMethod=HMAC-SHA1</c>, <c>SignatureVersion=1.0</c>), where
/// every signing input travels as a parameter (alibaba-nlb.md §2.1, §3.2). The string to sign is rebuilt from the
/// decoded parameters, re-encoded the strict RFC 3986 way, never from the raw query text.
/// </summary>
internal sealed class AcsSignatureV1Verifier : AlibabaSignatureVerifier
{
    public const string SignatureMethod = "HMAC-SHA1";
    public const string SignatureVersion = "1.0";

    private static readonly string[] Required =
        ["AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp"];

    public AcsSignatureV1Verifier(AlibabaAccessKeyLookup lookup, SignatureNonceCache nonces, TimeProvider timeProvider,
        AlibabaSignatureOptions? options = null)
        : base(lookup, nonces, timeProvider, options)
    {
    }

    protected override AlibabaAuthResult? ReadClaim(AlibabaRequest request, DateTimeOffset now, out AlibabaSignatureClaim claim)
    {
        claim = default;
        foreach (var name in Required)
        {
            if (string.IsNullOrEmpty(request.Parameter(name)))
            {
                return AlibabaAuthResult.Missing(name);
            }
        }

        var parameters = request.Parameters;
        var accessKeyId = parameters["AccessKeyId"];
        if (!string.Equals(parameters["SignatureMethod"], SignatureMethod, StringComparison.Ordinal))
        {
            return AlibabaAuthResult.Failure(AlibabaErrorCodes.InvalidParameter,
                $"The specified parameter \"SignatureMethod\" is not valid: only {SignatureMethod} is supported.", accessKeyId);
        }

        if (!string.Equals(parameters["SignatureVersion"], SignatureVersion, StringComparison.Ordinal))
        {
            return AlibabaAuthResult.Failure(AlibabaErrorCodes.InvalidParameter,
                $"The specified parameter \"SignatureVersion\" is not valid: only {SignatureVersion} is supported.", accessKeyId);
        }

        var clock = CheckTimestamp(parameters["Timestamp"], "Timestamp", now);
        if (clock is not null)
        {
            return clock;
        }

        var stringToSign = BuildStringToSign(request.Method, BuildCanonicalizedQuery(parameters));
        claim = new AlibabaSignatureClaim(accessKeyId, parameters["Signature"], parameters["SignatureNonce"], stringToSign);
        return null;
    }

    protected override string ExpectedSignature(string secret, string stringToSign) => Sign(secret, stringToSign);

    protected override AlibabaAuthResult SignatureMismatch(string accessKeyId, string stringToSign) =>
        AlibabaAuthResult.Failure(AlibabaErrorCodes.SignatureDoesNotMatch,
            "Specified signature is not matched with our calculation. server string to sign is:" + stringToSign,
            accessKeyId, stringToSign);

    /// <summary>Every parameter except <c>Signature</c>, sorted by name (ordinal), as <c>enc(name)=enc(value)</c> joined by <c>&amp;</c>.</summary>
    public static string BuildCanonicalizedQuery(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var sorted = new List<KeyValuePair<string, string>>();
        foreach (var pair in parameters)
        {
            if (!string.Equals(pair.Key, "Signature", StringComparison.Ordinal))
            {
                sorted.Add(pair);
            }
        }

        sorted.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var builder = new StringBuilder();
        foreach (var (name, value) in sorted)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            AlibabaPercentEncoder.Append(builder, name);
            builder.Append('=');
            AlibabaPercentEncoder.Append(builder, value);
        }

        return builder.ToString();
    }

    /// <summary><c>METHOD&amp;%2F&amp;enc(canonicalized)</c>: the canonicalized query is encoded a second time.</summary>
    public static string BuildStringToSign(string method, string canonicalizedQuery) =>
        method.ToUpperInvariant() + "&" + AlibabaPercentEncoder.Encode("/") + "&" + AlibabaPercentEncoder.Encode(canonicalizedQuery);

    /// <summary>Base64 HMAC-SHA1 keyed with <c>secret + "&amp;"</c>.</summary>
    public static string Sign(string secret, string stringToSign)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(stringToSign);
        // HMAC-SHA1 is what signature v1 is defined with; the service has to speak it to verify old clients.
#pragma warning disable CA5350
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret + "&"), Encoding.UTF8.GetBytes(stringToSign));
#pragma warning restore CA5350
        return Convert.ToBase64String(mac);
    }
}
