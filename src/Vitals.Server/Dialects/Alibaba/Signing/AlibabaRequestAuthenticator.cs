namespace Vitals.Server.Dialects.Alibaba.Signing;

/// <summary>
/// Picks the scheme a request uses and verifies it: any <c>Authorization</c> header means ACS3 (a malformed or foreign
/// one is answered <c>IncompleteSignature</c>), no header means the v1 parameters. Both schemes share one nonce memory
/// so a nonce cannot be reused across them.
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
