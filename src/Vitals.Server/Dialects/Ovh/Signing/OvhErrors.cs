namespace Vitals.Server.Dialects.Ovh.Signing;

/// <summary>The authentication failures of the OVH dialect (ovh-iplb.md §1.2, §1.5).</summary>
internal static class OvhErrors
{
    /// <summary>Seen on the real API [3rd]: 400 INVALID_SIGNATURE "Invalid signature".</summary>
    public static OvhAuthResult InvalidSignature(string? applicationKey) =>
        OvhAuthResult.Failure(400, "INVALID_SIGNATURE", "Invalid signature", applicationKey);

    /// <summary>Seen on the real API [3rd]: 403 INVALID_CREDENTIAL "This credential does not exist".</summary>
    public static OvhAuthResult InvalidCredential(string? applicationKey) =>
        OvhAuthResult.Failure(403, "INVALID_CREDENTIAL", "This credential does not exist", applicationKey);

    /// <summary>[decision; wording not verified] 403 INVALID_KEY "Invalid application key".</summary>
    public static OvhAuthResult InvalidKey(string? applicationKey) =>
        OvhAuthResult.Failure(403, "INVALID_KEY", "Invalid application key", applicationKey);

    /// <summary>[decision] a signed call without a consumer key: 401 NOT_CREDENTIAL "You must login first".</summary>
    public static OvhAuthResult NotLoggedIn(string? applicationKey) =>
        OvhAuthResult.Failure(401, "NOT_CREDENTIAL", "You must login first", applicationKey);

    /// <summary>[decision] a missing, malformed or too distant timestamp: 400 QUERY_TIME_OUT "Query out of time".</summary>
    public static OvhAuthResult QueryOutOfTime(string? applicationKey) =>
        OvhAuthResult.Failure(400, "QUERY_TIME_OUT", "Query out of time", applicationKey);

    /// <summary>
    /// Whether a failure is a credential that was tried and refused (a guess): a wrong signature, unknown application or
    /// consumer key. A missing consumer key or a stale timestamp is not.
    /// </summary>
    public static bool IsCredentialFailure(OvhAuthResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.ErrorCode is "INVALID_SIGNATURE" or "INVALID_CREDENTIAL" or "INVALID_KEY";
    }
}
