using Vitals.Server.Dialects.Ovh.Signing;
using Vitals.Server.Failures;

namespace Vitals.Server.Dialects.Ovh.Iplb;

/// <summary>Errors as OVH shapes them: an HTTP status and a body whose <c>message</c> node-ovh hands to its caller.</summary>
internal static class OvhErrorResults
{
    public static IResult NotFound(string message) =>
        TypedResults.Json(new OvhClassErrorDto("Client::NotFound", message), OvhJsonContext.Default.OvhClassErrorDto,
            statusCode: StatusCodes.Status404NotFound);

    /// <summary>OVH's wording for an unknown object: <c>The requested object (farmId = 7) does not exist</c>.</summary>
    public static IResult Missing(string parameter, string value) => NotFound($"The requested object ({parameter} = {value}) does not exist");

    public static IResult BadRequest(string message) =>
        TypedResults.Json(new OvhClassErrorDto("Client::BadRequest", message), OvhJsonContext.Default.OvhClassErrorDto,
            statusCode: StatusCodes.Status400BadRequest);

    /// <summary>[decision] 429 in the class shape OVH uses for its other client errors.</summary>
    public static IResult TooManyRequests(string message) =>
        TypedResults.Json(new OvhClassErrorDto("Client::TooManyRequests", message), OvhJsonContext.Default.OvhClassErrorDto,
            statusCode: StatusCodes.Status429TooManyRequests);

    public static IResult Auth(OvhAuthResult failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return TypedResults.Json(new OvhAuthErrorDto(failure.ErrorCode!, failure.HttpCode!, failure.Message), OvhJsonContext.Default.OvhAuthErrorDto,
            statusCode: failure.StatusCode);
    }

    /// <summary>503 for a storage failure, in OVH's server-error shape: <c>{"class":"Server::ServiceUnavailable","message":…}</c>.</summary>
    public static readonly StorageFailureAnswer StorageFailure = new(static (_, exception) =>
        TypedResults.Json(new OvhClassErrorDto("Server::ServiceUnavailable", StorageFailureAnswer.Sentence(exception)), OvhJsonContext.Default.OvhClassErrorDto,
            statusCode: StatusCodes.Status503ServiceUnavailable));

    public static IResult InvalidUrl() => NotFound("Got an invalid (or empty) URL");
}
