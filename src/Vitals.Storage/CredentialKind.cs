namespace Vitals.Storage;

/// <summary>What a credential is and how its fields are used.</summary>
public enum CredentialKind
{
    /// <summary>A bearer token of a project: <c>KeyId</c> is <see cref="TokenHash.Compute"/> of the token, no secret.</summary>
    Token,

    /// <summary>An admin bearer token (no project): same shape as <see cref="Token"/>.</summary>
    AdminToken,

    /// <summary>An Alibaba AccessKey: <c>KeyId</c> = AccessKeyId, <c>Secret</c> = AccessKeySecret.</summary>
    AlibabaAccessKey,

    /// <summary>OVH credentials: <c>KeyId</c> = consumer key, <c>Secret</c> = application secret, <c>Extra</c> = application key.</summary>
    Ovh,

    /// <summary>A Huawei Cloud AK/SK pair: <c>KeyId</c> = AK, <c>Secret</c> = SK (sealed like an Alibaba AccessKeySecret).</summary>
    HuaweiAccessKey,
}
