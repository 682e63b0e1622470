namespace Vitals.Server.Dialects.Alibaba.Signing;

/// <summary>
/// What a request's own scheme read from it once its fields checked out: who says they signed it, the signature and
/// nonce they sent, and the string to sign the server rebuilt from the request.
/// </summary>
internal readonly record struct AlibabaSignatureClaim(string AccessKeyId, string Signature, string Nonce, string StringToSign);
