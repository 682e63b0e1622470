namespace Vitals.Server.Dialects.Huawei.Signing;

/// <summary>
/// What an AK/SK verification decided: the AK and its project, or the refusal (always 401 <c>APIGW.0301</c>, the code
/// Huawei's gateway answers for every failed IAM authentication) with its message.
/// </summary>
internal sealed record HuaweiAuthResult
{
    private HuaweiAuthResult()
    {
    }

    public bool Succeeded => Message is null;

    /// <summary>Null on success; else the text after "Incorrect IAM authentication information: ".</summary>
    public string? Message { get; private init; }

    public string? AccessKey { get; private init; }

    /// <summary>The AK's project (success only).</summary>
    public string? ProjectId { get; private init; }

    /// <summary>
    /// Whether the refusal counts against the source address (a credential presented and refused); a date outside the
    /// window or a replayed signature does not, as a stale timestamp or a reused nonce does not in the other dialects.
    /// </summary>
    public bool CountsAsFailure { get; private init; }

    /// <summary>The server's canonical request, once built (for the mismatch message and for tests).</summary>
    public string? CanonicalRequest { get; private init; }

    public static HuaweiAuthResult Success(string accessKey, string projectId, string canonicalRequest) =>
        new() { AccessKey = accessKey, ProjectId = projectId, CanonicalRequest = canonicalRequest };

    public static HuaweiAuthResult Failure(string message, string? accessKey = null, string? canonicalRequest = null) =>
        new()
        {
            Message = "Incorrect IAM authentication information: " + message, AccessKey = accessKey, CanonicalRequest = canonicalRequest,
            CountsAsFailure = true,
        };

    /// <summary>A refusal that does not count against the source: a stale date or a replay.</summary>
    public static HuaweiAuthResult Stale(string message, string accessKey, string? canonicalRequest = null) =>
        Failure(message, accessKey, canonicalRequest) with { CountsAsFailure = false };
}
