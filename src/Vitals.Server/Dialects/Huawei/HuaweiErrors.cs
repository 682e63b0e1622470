using Vitals.Control.Fleet;
using Vitals.Core.Validation;
using Vitals.Server.Failures;

namespace Vitals.Server.Dialects.Huawei;

/// <summary>
/// Huawei ELB v3 errors: a flat <c>{"error_msg","error_code","request_id"}</c> body (huawei-elb-v3.md §1.2) with the
/// request id also in <c>X-Request-Id</c>.
/// </summary>
internal static class HuaweiErrors
{
    public const string InvalidParameter = "ELB.8902";
    public const string NotPermitted = "ELB.8903";
    public const string NotFound = "ELB.8904";
    public const string Internal = "ELB.8906";
    public const string Conflict = "ELB.8907";
    public const string BadToken = "APIGW.0301";
    public const string UnknownApi = "APIGW.0101";

    /// <summary>The API gateway's "throttling threshold has been reached" (429).</summary>
    public const string Throttled = "APIGW.0308";

    public static IResult Error(HttpContext context, int status, string code, string message)
    {
        var requestId = HuaweiRequestId.Of(context);
        return TypedResults.Json(new HuaweiErrorDto(message, code, requestId), HuaweiJsonContext.Default.HuaweiErrorDto, statusCode: status);
    }

    /// <summary>
    /// 503 for a storage failure. Huawei documents no code of its own for it: <c>ELB.8906</c> (internal error) is the
    /// only 5xx code of ELB v3, and SDKs act on the status (retryable) with the code for people.
    /// </summary>
    public static readonly StorageFailureAnswer StorageFailure = new(static (context, exception) =>
        Error(context, StatusCodes.Status503ServiceUnavailable, Internal, StorageFailureAnswer.Sentence(exception)));

    public static IResult Invalid(HttpContext context, string message) =>
        Error(context, StatusCodes.Status400BadRequest, InvalidParameter, message);

    /// <summary>Huawei's wording: <c>Invalid input for field/attribute delay. Value: 0.</c> followed by our reason.</summary>
    public static IResult Invalid(HttpContext context, IReadOnlyList<FieldError> errors, HuaweiFields? sent = null) =>
        Invalid(context, Describe(errors, sent));

    public static string Describe(IReadOnlyList<FieldError> errors, HuaweiFields? sent) => Describe(errors, sent is null ? null : sent.RawText);

    /// <summary>Each error in Huawei's wording, quoting the value the client sent (<c>null</c> only when it sent none).</summary>
    public static string Describe(IReadOnlyList<FieldError> errors, Func<string, string?>? valueOf)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var parts = new string[errors.Count];
        for (var i = 0; i < errors.Count; i++)
        {
            var error = errors[i];
            var value = valueOf?.Invoke(error.Field) ?? "null";
            parts[i] = $"Invalid input for field/attribute {error.Field}. Value: {value}. {error.Message}";
        }

        return string.Join(" ", parts);
    }

    public static IResult Missing(HttpContext context, string message) =>
        Error(context, StatusCodes.Status404NotFound, NotFound, message);

    /// <summary>Maps a failed native call to Huawei's codes: 400 ELB.8902, 404 ELB.8904, 409 ELB.8907.</summary>
    public static IResult From<T>(HttpContext context, FleetResult<T> failure, HuaweiFields? sent = null)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.Outcome switch
        {
            FleetOutcome.Invalid => Invalid(context, failure.Errors, sent),
            FleetOutcome.NotFound => Missing(context, failure.Message ?? "the resource does not exist"),
            FleetOutcome.Conflict => Error(context, StatusCodes.Status409Conflict, Conflict,
                failure.Field is null ? failure.Message ?? "conflict" : $"{failure.Field}: {failure.Message}"),
            _ => throw new InvalidOperationException($"not a failure: {failure}"),
        };
    }
}
