namespace Vitals.Cli.Output;

/// <summary>The JSON shape of one check (<c>vitals probe -o json</c>); properties are written in snake_case.</summary>
internal sealed record ProbeReport
{
    /// <summary><c>success</c> or <c>failure</c>.</summary>
    public required string Outcome { get; init; }

    /// <summary>The precise reason (<c>TLS_HANDSHAKE_FAILED</c>); null on success.</summary>
    public required string? ReasonCode { get; init; }

    /// <summary>The coarse Alibaba NLB reason (<c>CONNECT_INTERRUPT</c>); null on success.</summary>
    public required string? NlbReasonCode { get; init; }

    /// <summary>The HAProxy check code (<c>L7STS</c>).</summary>
    public required string CheckCode { get; init; }

    /// <summary>HAProxy's one-line status.</summary>
    public required string CheckStatus { get; init; }

    public required int? StatusCode { get; init; }

    public required TimingsReport TimingsMs { get; init; }

    /// <summary>The first bytes of the answer, as data.</summary>
    public required string? Content { get; init; }

    public required string? Detail { get; init; }

    /// <summary>The endpoint checked, <c>ip:port</c>.</summary>
    public required string Target { get; init; }

    public required string Type { get; init; }

    /// <summary>ISO-8601 UTC with milliseconds.</summary>
    public required string CheckedAt { get; init; }
}
