namespace Vitals.Server.Auth;

/// <summary>Where a request authenticated: the <c>surface</c> label of the failed-authentication metrics.</summary>
public enum AuthSurface
{
    /// <summary>The native API under <c>/api/v1</c> (and <c>/metrics</c>), which the web console calls too.</summary>
    Native,

    /// <summary>The Huawei ELB v3 dialect (<c>X-Auth-Token</c>).</summary>
    Huawei,

    /// <summary>The Alibaba RPC endpoint (AccessKey signatures).</summary>
    Alibaba,

    /// <summary>The OVH dialect (application key, consumer key and signature).</summary>
    Ovh,
}
