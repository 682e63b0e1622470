using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Vitals.Server.Dialects.Alibaba.Signing;

namespace Vitals.Server.Dialects.Huawei.Signing;

/// <summary>
/// Verifies <c>SDK-HMAC-SHA256</c> (Huawei AK/SK) signatures as Huawei's gateway does: the header parsed, the signed
/// headers present (<c>host</c> and <c>x-sdk-date</c> among them), the AK known and active, <c>X-Sdk-Date</c> within
/// <see cref="HuaweiSignatureOptions.MaxClockSkew"/> of server time, the HMAC of the string to sign equal to the
/// signature, and, for a request that changes something, the signature not seen before within the window (a captured
/// write cannot be replayed). Reads are not held to it: the SDK's date has one-second resolution and no nonce, so a
/// client polling the same URL twice within a second sends the very same signature, and a replayed read changes
/// nothing (the date window still bounds it).
/// </summary>
internal sealed class HuaweiSignatureVerifier
{
    private const string DateHeader = "x-sdk-date";
    private const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    private readonly HuaweiAccessKeyLookup _lookup;
    private readonly TimeProvider _time;
    private readonly HuaweiSignatureOptions _options;

    // Signatures play the role of nonces: a request signed again (even the same call) carries a new date or content.
    private readonly SignatureNonceCache _seen;

    public HuaweiSignatureVerifier(HuaweiAccessKeyLookup lookup, TimeProvider timeProvider, HuaweiSignatureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _lookup = lookup;
        _time = timeProvider;
        _options = options ?? new HuaweiSignatureOptions();
        _seen = new SignatureNonceCache(_options.MaxClockSkew * 2, _options.MaxSignaturesPerKey);
    }

    public async ValueTask<HuaweiAuthResult> VerifyAsync(HuaweiSignedRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = HuaweiAuthorization.Parse(request.Header("Authorization") ?? "", out var malformed);
        if (authorization is null)
        {
            return HuaweiAuthResult.Failure(malformed!);
        }

        if (!authorization.HeaderNames.Contains("host", StringComparer.Ordinal) || !authorization.HeaderNames.Contains(DateHeader, StringComparer.Ordinal))
        {
            return HuaweiAuthResult.Failure("SignedHeaders must include host and x-sdk-date", authorization.Access);
        }

        foreach (var name in authorization.HeaderNames)
        {
            if (request.Header(name) is null)
            {
                return HuaweiAuthResult.Failure($"{HuaweiAuthorization.Clip(name)} not found (a signed header is missing from the request)",
                    authorization.Access);
            }
        }

        var sdkDate = request.Header(DateHeader)!;
        if (!DateTimeOffset.TryParseExact(sdkDate, DateFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            return HuaweiAuthResult.Failure($"x-sdk-date '{HuaweiAuthorization.Clip(sdkDate)}' is not in the form yyyyMMddTHHmmssZ", authorization.Access);
        }

        var key = await _lookup(authorization.Access, cancellationToken);
        if (key is null)
        {
            return HuaweiAuthResult.Failure($"Get secretKey failed,ak:{HuaweiAuthorization.Clip(authorization.Access)},err:ak not exist");
        }

        if (!key.Active)
        {
            return HuaweiAuthResult.Failure($"Get secretKey failed,ak:{authorization.Access},err:ak is revoked", authorization.Access);
        }

        var now = _time.GetUtcNow();
        if ((now - signedAt).Duration() > _options.MaxClockSkew)
        {
            return HuaweiAuthResult.Stale(
                $"signature expired, signature time:{sdkDate},server time:{now.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture)}",
                authorization.Access);
        }

        var canonical = HuaweiCanonicalRequest.Build(request, authorization);
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key.Secret),
            Encoding.UTF8.GetBytes(HuaweiCanonicalRequest.StringToSign(sdkDate, canonical)));
        if (!Matches(expected, authorization.Signature))
        {
            return HuaweiAuthResult.Failure($"verify aksk signature fail, canonicalRequest:{canonical.Replace('\n', '|')}", authorization.Access, canonical);
        }

        if (ChangesState(request.Method) && !_seen.TryUse(authorization.Access, authorization.Signature.ToLowerInvariant(), now))
        {
            return HuaweiAuthResult.Stale(
                $"verify aksk signature fail, this signature was already used (a replay within {_options.MaxClockSkew.TotalMinutes:0} minutes)",
                authorization.Access, canonical);
        }

        return HuaweiAuthResult.Success(authorization.Access, key.ProjectId, canonical);
    }

    private static bool ChangesState(string method) =>
        !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method);

    private static bool Matches(byte[] expected, string provided)
    {
        Span<byte> bytes = stackalloc byte[32];
        return provided.Length == expected.Length * 2
            && Convert.FromHexString(provided, bytes, out _, out var written) == OperationStatus.Done
            && CryptographicOperations.FixedTimeEquals(expected, bytes[..written]);
    }
}
