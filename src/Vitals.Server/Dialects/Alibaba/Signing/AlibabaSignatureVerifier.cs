using System.Security.Cryptography;
using System.Text;

namespace Vitals.Server.Dialects.Alibaba.Signing;

/// <summary>
/// What both Alibaba signature schemes do once a request's own fields check out: resolve the AccessKey, compare the
/// signature in constant time, then spend the nonce. A scheme reads and checks its fields (timestamp included, at the
/// point its clients expect that answer), rebuilds its string to sign and says how it signs and how it answers a mismatch.
/// </summary>
internal abstract class AlibabaSignatureVerifier
{
    private readonly AlibabaAccessKeyLookup _lookup;
    private readonly SignatureNonceCache _nonces;
    private readonly TimeProvider _timeProvider;
    private readonly AlibabaSignatureOptions _options;

    protected AlibabaSignatureVerifier(AlibabaAccessKeyLookup lookup, SignatureNonceCache nonces, TimeProvider timeProvider,
        AlibabaSignatureOptions? options)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(nonces);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _lookup = lookup;
        _nonces = nonces;
        _timeProvider = timeProvider;
        _options = options ?? new AlibabaSignatureOptions();
    }

    public async ValueTask<AlibabaAuthResult> VerifyAsync(AlibabaRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _timeProvider.GetUtcNow();
        var failure = ReadClaim(request, now, out var claim);
        if (failure is not null)
        {
            return failure;
        }

        var key = await _lookup(claim.AccessKeyId, cancellationToken);
        if (key is null)
        {
            return AlibabaAuthResult.Failure(AlibabaErrorCodes.InvalidAccessKeyIdNotFound,
                "Specified access key is not found.", claim.AccessKeyId);
        }

        if (!key.Active)
        {
            return AlibabaAuthResult.Failure(AlibabaErrorCodes.InvalidAccessKeyIdInactive,
                "Specified access key is disabled.", claim.AccessKeyId);
        }

        var expected = Encoding.UTF8.GetBytes(ExpectedSignature(key.Secret, claim.StringToSign));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(claim.Signature)))
        {
            return SignatureMismatch(claim.AccessKeyId, claim.StringToSign);
        }

        // Only after the signature checked out, so strangers cannot fill a key's nonce memory.
        if (!_nonces.TryUse(claim.AccessKeyId, claim.Nonce, now))
        {
            return AlibabaAuthResult.Failure(AlibabaErrorCodes.SignatureNonceUsed,
                "Specified signature nonce was used already.", claim.AccessKeyId, claim.StringToSign);
        }

        return AlibabaAuthResult.Success(claim.AccessKeyId, key.ProjectId, claim.StringToSign);
    }

    /// <summary>Checks the scheme's own fields in its order, then rebuilds its string to sign.</summary>
    /// <returns>Null with <paramref name="claim"/> filled in, or the first failure (<paramref name="claim"/> is then default).</returns>
    protected abstract AlibabaAuthResult? ReadClaim(AlibabaRequest request, DateTimeOffset now, out AlibabaSignatureClaim claim);

    /// <summary>The signature the holder of <paramref name="secret"/> sends, in the form the claim carries it.</summary>
    protected abstract string ExpectedSignature(string secret, string stringToSign);

    /// <summary>The scheme's own answer to a signature that does not match.</summary>
    protected abstract AlibabaAuthResult SignatureMismatch(string accessKeyId, string stringToSign);

    /// <returns>Null when <paramref name="text"/> is well-formed and within the allowed clock skew of now, else the failure.</returns>
    protected AlibabaAuthResult? CheckTimestamp(string text, string name, DateTimeOffset now) =>
        AlibabaTimestamp.Check(text, name, now, _options.MaxClockSkew, out _);
}
