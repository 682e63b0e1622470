namespace Vitals.Server.Dialects.Alibaba.Signing;

/// <summary>The Alibaba error codes authentication can answer with, and their HTTP status (alibaba-nlb.md §3.4, §4).</summary>
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

    public static int StatusOf(string code) => code switch
    {
        InvalidAccessKeyIdNotFound => 404,
        _ => 400,
    };

    public static string MissingParameterMessage(string name) =>
        $"The input parameter \"{name}\" that is mandatory for processing this request is not supplied.";
}
