namespace Vitals.Server.Dialects.Alibaba.Signing;

/// <summary>
/// What a signature verification decided: success with the caller, or an Alibaba error code, its HTTP status and
/// message. <see cref="StringToSign"/> is the server's string to sign whenever it was built (also on success, for logs).
/// </summary>
internal sealed record AlibabaAuthResult
{
    private AlibabaAuthResult()
    {
    }

    public bool Succeeded => Code is null;

    /// <summary>Null on success, else an <see cref="AlibabaErrorCodes"/> value.</summary>
    public string? Code { get; private init; }

    public string Message { get; private init; } = string.Empty;

    /// <summary>200 on success, else the status that goes with <see cref="Code"/>.</summary>
    public int StatusCode { get; private init; } = 200;

    public string? AccessKeyId { get; private init; }

    /// <summary>The project the AccessKey belongs to (success only).</summary>
    public string? ProjectId { get; private init; }

    public string? StringToSign { get; private init; }

    public static AlibabaAuthResult Success(string accessKeyId, string projectId, string stringToSign) =>
        new() { AccessKeyId = accessKeyId, ProjectId = projectId, StringToSign = stringToSign };

    public static AlibabaAuthResult Failure(string code, string message, string? accessKeyId = null,
        string? stringToSign = null) =>
        new()
        {
            Code = code,
            Message = message,
            StatusCode = AlibabaErrorCodes.StatusOf(code),
            AccessKeyId = accessKeyId,
            StringToSign = stringToSign,
        };

    public static AlibabaAuthResult Missing(string parameter) =>
        Failure(AlibabaErrorCodes.MissingParameter, AlibabaErrorCodes.MissingParameterMessage(parameter));
}
