namespace Vitals.Server.Dialects.Alibaba.Signing;

/// <summary>The Alibaba error codes the dialect answers with, and their HTTP status (alibaba-nlb.md §3.4, §4; alibaba-ecs.md §5).</summary>
internal static class AlibabaErrorCodes
{
    public const string MissingParameter = "MissingParameter";
    public const string InvalidParameter = "InvalidParameter";
    public const string IncompleteSignature = "IncompleteSignature";
    public const string SignatureDoesNotMatch = "SignatureDoesNotMatch";
    public const string InvalidAccessKeyIdNotFound = "InvalidAccessKeyId.NotFound";
    public const string InvalidAccessKeyIdInactive = "InvalidAccessKeyId.Inactive";
    public const string InvalidTimeStampExpired = "InvalidTimeStamp.Expired";
    public const string InvalidTimeStampFormat = "InvalidTimeStamp.Format";
    public const string SignatureNonceUsed = "SignatureNonceUsed";
    public const string InvalidActionNotFound = "InvalidAction.NotFound";
    public const string InvalidVersion = "InvalidVersion";
    public const string InternalError = "InternalError";
    public const string ServiceUnavailable = "ServiceUnavailable";
    public const string ResourceNotFoundListener = "ResourceNotFound.listener";
    public const string InstanceIdLimitExceeded = "InstanceIdLimitExceeded";
    public const string EventIdLimitExceeded = "EventIdLimitExceeded";
    public const string TimeEndBeforeStart = "InvalidParameter.TimeEndBeforeStart";

    /// <summary>The source made too many failed authentications; the SDKs read any code containing Throttling as throttling.</summary>
    public const string Throttling = "Throttling";

    public static int StatusOf(string code) => code switch
    {
        InvalidAccessKeyIdNotFound or InvalidActionNotFound or ResourceNotFoundListener => 404,
        InstanceIdLimitExceeded or EventIdLimitExceeded or TimeEndBeforeStart => 403,
        InternalError => 500,
        ServiceUnavailable => 503,
        Throttling => 429,
        _ => 400,
    };

    public static string MissingParameterMessage(string name) =>
        $"The input parameter \"{name}\" that is mandatory for processing this request is not supplied.";

    /// <summary>Alibaba's wording for a temporary failure, followed by ours.</summary>
    public static string ServiceUnavailableMessage(string why) =>
        $"The request has failed due to a temporary failure of the server. {why}";

    public static string InvalidParameterMessage(string name, string why) =>
        $"The specified parameter \"{name}\" is not valid: {why}";

    /// <summary>Whether a failure is a credential that was tried and refused (a guess): unknown or inactive key, wrong
    /// signature (ACS3 answers a wrong one IncompleteSignature).</summary>
    public static bool IsCredentialFailure(string code) =>
        code is SignatureDoesNotMatch or IncompleteSignature or InvalidAccessKeyIdNotFound or InvalidAccessKeyIdInactive;
}
