namespace Vitals.Server.Dialects.Alibaba.Signing;

/// <summary>
/// Picks the scheme a request uses (an <c>Authorization: ACS3-…</c> header, else the v1 parameters) and verifies it.
/// Both schemes share one nonce memory so a nonce cannot be reused across them.
/// </summary>
internal sealed class AlibabaRequestAuthenticator
{
    private readonly AcsSignatureV1Verifier _v1;
    private readonly Acs3SignatureVerifier _acs3;

    public AlibabaRequestAuthenticator(AlibabaAccessKeyLookup lookup, TimeProvider timeProvider, AlibabaSignatureOptions? options = null)
    {
        options ??= new AlibabaSignatureOptions();
        var nonces = SignatureNonceCache.For(options);
        _v1 = new AcsSignatureV1Verifier(lookup, nonces, timeProvider, options);
        _acs3 = new Acs3SignatureVerifier(lookup, nonces, timeProvider, options);
    }

    public ValueTask<AlibabaAuthResult> AuthenticateAsync(AlibabaRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Header("authorization") is not null
            ? _acs3.VerifyAsync(request, cancellationToken)
            : _v1.VerifyAsync(request, cancellationToken);
    }
}
