namespace Vitals.Server.Dialects.Ovh.Signing;

/// <summary>What the OVH application-key signature covers, as the request arrived.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Host">The <c>Host</c> header, possibly with <c>:port</c>.</param>
/// <param name="RawTarget">Path and query exactly as received, e.g. <c>/1.0/ipLoadbalancing/lb/http/farm/1/server?status=active</c>.</param>
/// <param name="Body">The raw body bytes (empty for GET and DELETE).</param>
internal sealed record OvhRequest(string Method, string Host, string RawTarget, ReadOnlyMemory<byte> Body)
{
    /// <summary><c>X-Ovh-Application</c>: the application key.</summary>
    public string? ApplicationKey { get; init; }

    /// <summary><c>X-Ovh-Consumer</c>: the consumer key.</summary>
    public string? ConsumerKey { get; init; }

    /// <summary><c>X-Ovh-Timestamp</c>: Unix seconds as the client sent them.</summary>
    public string? Timestamp { get; init; }

    /// <summary><c>X-Ovh-Signature</c>: <c>$1$</c> and 40 hex digits.</summary>
    public string? Signature { get; init; }
}
