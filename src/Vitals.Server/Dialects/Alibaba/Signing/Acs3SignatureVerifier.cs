using System.Security.Cryptography;
using System.Text;

namespace Vitals.Server.Dialects.Alibaba.Signing;

/// <summary>
/// Verifies the ACS3-HMAC-SHA256 header signature, the default of the current Alibaba SDKs (alibaba-nlb.md §2.2, §3.3):
/// payload hash, canonical request (method, path, sorted re-encoded query, signed headers), string to sign, HMAC.
/// </summary>
internal sealed class Acs3SignatureVerifier : AlibabaSignatureVerifier
{
    public const string Algorithm = "ACS3-HMAC-SHA256";

    /// <summary>Headers a request must sign, so none of action, version, time, nonce or body can be swapped.</summary>
    public static readonly IReadOnlyList<string> RequiredSignedHeaders =
        ["host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"];

    public Acs3SignatureVerifier(AlibabaAccessKeyLookup lookup, SignatureNonceCache nonces, TimeProvider timeProvider,
        AlibabaSignatureOptions? options = null)
        : base(lookup, nonces, timeProvider, options)
    {
    }

    protected override AlibabaAuthResult? ReadClaim(AlibabaRequest request, DateTimeOffset now, out AlibabaSignatureClaim claim)
    {
        claim = default;
        var authorization = Acs3Authorization.TryParse(request.Header("authorization"));
        if (authorization is null)
        {
            return AlibabaAuthResult.Failure(AlibabaErrorCodes.IncompleteSignature,
                "The Authorization header is not of the form \"ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<h1;h2>,Signature=<hex>\".");
        }

        var accessKeyId = authorization.Credential;
        if (!string.Equals(authorization.Algorithm, Algorithm, StringComparison.Ordinal))
        {
            return AlibabaAuthResult.Failure(AlibabaErrorCodes.IncompleteSignature,
                $"The signature algorithm \"{authorization.Algorithm}\" is not supported; use {Algorithm}.", accessKeyId);
        }

        var problem = CheckHeaders(request, authorization) ?? CheckTimestamp(request.Header("x-acs-date")!, "x-acs-date", now);
        if (problem is not null)
        {
            return problem;
        }

        var hashedPayload = HashPayload(request.Body.Span);
        if (!string.Equals(hashedPayload, request.Header("x-acs-content-sha256")!.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return AlibabaAuthResult.Failure(AlibabaErrorCodes.IncompleteSignature,
                "The x-acs-content-sha256 header does not match the SHA-256 of the request body.", accessKeyId);
        }

        var stringToSign = BuildStringToSign(BuildCanonicalRequest(request, authorization.SignedHeaders, hashedPayload));

        // Hex is compared case-insensitively: Sign answers lower case.
        claim = new AlibabaSignatureClaim(accessKeyId, authorization.Signature.ToLowerInvariant(),
            request.Header("x-acs-signature-nonce")!, stringToSign);
        return null;
    }

    protected override string ExpectedSignature(string secret, string stringToSign) => Sign(secret, stringToSign);

    protected override AlibabaAuthResult SignatureMismatch(string accessKeyId, string stringToSign) =>
        AlibabaAuthResult.Failure(AlibabaErrorCodes.IncompleteSignature,
            "The request signature does not conform to Aliyun standards. server string to sign is:" + stringToSign,
            accessKeyId, stringToSign);

    /// <summary>
    /// <c>METHOD \n canonicalURI \n canonicalQuery \n canonicalHeaders \n signedHeaders \n hashedPayload</c>, the
    /// canonical headers being those named in <paramref name="signedHeaders"/> (each ending in a new line).
    /// </summary>
    public static string BuildCanonicalRequest(AlibabaRequest request, string signedHeaders, string hashedPayload)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signedHeaders);
        var builder = new StringBuilder(512);
        builder.Append(request.Method).Append('\n');
        builder.Append(CanonicalUri(request.Path)).Append('\n');
        AppendCanonicalQuery(builder, request.QueryParameters);
        builder.Append('\n');

        var names = signedHeaders.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Array.Sort(names, StringComparer.Ordinal);
        foreach (var name in names)
        {
            var values = new List<string>();
            foreach (var value in request.HeaderValues(name))
            {
                values.Add(value.Trim());
            }

            values.Sort(StringComparer.Ordinal);
            builder.Append(name).Append(':').AppendJoin(',', values).Append('\n');
        }

        builder.Append('\n').Append(signedHeaders).Append('\n').Append(hashedPayload);
        return builder.ToString();
    }

    /// <summary><c>ACS3-HMAC-SHA256 \n hex(SHA256(canonicalRequest))</c>.</summary>
    public static string BuildStringToSign(string canonicalRequest)
    {
        ArgumentNullException.ThrowIfNull(canonicalRequest);
        return Algorithm + "\n" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));
    }

    /// <summary>Lower-case hex HMAC-SHA256 keyed with the bare secret.</summary>
    public static string Sign(string secret, string stringToSign)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(stringToSign);
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign)));
    }

    public static string HashPayload(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    private static AlibabaAuthResult? CheckHeaders(AlibabaRequest request, Acs3Authorization authorization)
    {
        foreach (var name in RequiredSignedHeaders)
        {
            if (string.IsNullOrWhiteSpace(request.Header(name)))
            {
                return AlibabaAuthResult.Failure(AlibabaErrorCodes.MissingParameter,
                    AlibabaErrorCodes.MissingParameterMessage(name), authorization.Credential);
            }

            if (!Contains(authorization.SignedHeaderNames, name))
            {
                return AlibabaAuthResult.Failure(AlibabaErrorCodes.IncompleteSignature,
                    $"SignedHeaders must include {string.Join(';', RequiredSignedHeaders)}; \"{name}\" is not signed.",
                    authorization.Credential);
            }
        }

        foreach (var name in authorization.SignedHeaderNames)
        {
            if (request.HeaderValues(name).Count == 0)
            {
                return AlibabaAuthResult.Failure(AlibabaErrorCodes.IncompleteSignature,
                    $"The signed header \"{name}\" is not in the request.", authorization.Credential);
            }
        }

        return null;
    }

    private static bool Contains(IReadOnlyList<string> names, string name)
    {
        foreach (var candidate in names)
        {
            if (string.Equals(candidate, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string CanonicalUri(string path) =>
        path.Replace("+", "%20", StringComparison.Ordinal)
            .Replace("*", "%2A", StringComparison.Ordinal)
            .Replace("%7E", "~", StringComparison.OrdinalIgnoreCase);

    private static void AppendCanonicalQuery(StringBuilder builder, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var sorted = new List<KeyValuePair<string, string>>(query);
        sorted.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Key, b.Key);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        for (var i = 0; i < sorted.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('&');
            }

            AlibabaPercentEncoder.Append(builder, sorted[i].Key);
            builder.Append('=');
            AlibabaPercentEncoder.Append(builder, sorted[i].Value);
        }
    }
}
