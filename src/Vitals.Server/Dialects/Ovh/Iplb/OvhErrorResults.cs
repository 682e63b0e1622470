using Vitals.Control.Fleet;
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

    /// <summary>
    /// [decision] A real IPLB call, or a value, that Vitals' model cannot carry: 403 <c>Client::Forbidden</c>, the class
    /// OVH answers when a service's offer does not include a call, with a sentence saying what is missing. Never the
    /// invalid-URL 404, which tells a client the path does not exist at all.
    /// </summary>
    public static IResult NotAvailable(string what) =>
        TypedResults.Json(new OvhClassErrorDto("Client::Forbidden", $"This feature is not available on this service: {what}"),
            OvhJsonContext.Default.OvhClassErrorDto, statusCode: StatusCodes.Status403Forbidden);

    /// <summary>OVH's <c>void</c> answer: 200 with the JSON <c>null</c>, which every OVH client reads as no value.</summary>
    public static IResult Void() => TypedResults.Text("null", "application/json; charset=utf-8");

    /// <summary>A fleet call's failure in OVH's shape; <paramref name="names"/> turns native field names into OVH's.</summary>
    public static IResult From<T>(FleetResult<T> failure, Func<string, string> names, string parameter, string value)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(names);
        return failure.Outcome switch
        {
            FleetOutcome.Invalid => BadRequest(string.Join("; ",
                failure.Errors.Select(e => $"Invalid body parameter {names(e.Field)}: {e.Message}"))),
            FleetOutcome.NotFound => Missing(parameter, value),
            _ => TypedResults.Json(new OvhClassErrorDto("Client::Conflict", failure.Message ?? "conflict"), OvhJsonContext.Default.OvhClassErrorDto,
                statusCode: StatusCodes.Status409Conflict),
        };
    }
}
