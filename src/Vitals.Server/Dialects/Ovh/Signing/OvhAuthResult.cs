namespace Vitals.Server.Dialects.Ovh.Signing;

/// <summary>
/// The outcome of an OVH signature check: success with the caller's project, or the HTTP status and the error body
/// fields OVH answers with (<c>errorCode</c>, <c>httpCode</c>, <c>message</c>; ovh-iplb.md §1.5).
/// </summary>
internal sealed record OvhAuthResult
{
    private OvhAuthResult()
    {
    }

    public bool Succeeded => ErrorCode is null;

    public int StatusCode { get; private init; } = 200;

    /// <summary>Null on success, else e.g. <c>INVALID_SIGNATURE</c>.</summary>
    public string? ErrorCode { get; private init; }

    /// <summary>The <c>httpCode</c> field, e.g. <c>400 Bad Request</c>.</summary>
    public string? HttpCode { get; private init; }

    /// <summary>The <c>message</c> field: the one thing node-ovh shows its caller.</summary>
    public string Message { get; private init; } = string.Empty;

    public string? ApplicationKey { get; private init; }

    public string? ProjectId { get; private init; }

    public static OvhAuthResult Success(string applicationKey, string projectId) =>
        new() { ApplicationKey = applicationKey, ProjectId = projectId };

    public static OvhAuthResult Failure(int statusCode, string errorCode, string message, string? applicationKey = null) =>
        new()
        {
            StatusCode = statusCode,
            ErrorCode = errorCode,
            HttpCode = statusCode switch
            {
                400 => "400 Bad Request",
                401 => "401 Unauthorized",
                403 => "403 Forbidden",
                _ => statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            Message = message,
            ApplicationKey = applicationKey,
        };
}
