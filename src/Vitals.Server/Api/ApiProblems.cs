using Vitals.Core.Validation;
using Vitals.Server.Failures;
using Vitals.Storage;

namespace Vitals.Server.Api;

/// <summary>
/// The native API's errors: RFC 9457 problem details (<c>application/problem+json</c>) with <c>status</c>,
/// <c>title</c>, <c>detail</c>, and for invalid input an <c>errors</c> object naming each offending field.
/// </summary>
public static class ApiProblems
{
    public static IResult Validation(IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var byField = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var group in errors.GroupBy(e => e.Field, StringComparer.Ordinal))
        {
            byField[group.Key] = [.. group.Select(e => e.Message)];
        }

        return TypedResults.ValidationProblem(byField, detail: string.Join("; ", errors), title: "The request is not valid.");
    }

    public static IResult Validation(string field, string message) => Validation([new FieldError(field, message)]);

    public static IResult BadRequest(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid.");

    public static IResult Unauthorized(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status401Unauthorized, title: "Not authenticated.");

    /// <summary>429: the source made too many failed authentications; <c>Retry-After</c> is set by the caller.</summary>
    public static IResult TooManyRequests(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed authentications.");

    public static IResult Forbidden(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed.");

    public static IResult NotFound(string kind, string id) =>
        TypedResults.Problem(detail: $"{kind} '{id}' does not exist", statusCode: StatusCodes.Status404NotFound, title: "Not found.");

    /// <summary>404 for the resource itself (<paramref name="field"/> null) or for a resource a field refers to.</summary>
    public static IResult Missing(string? field, string message) =>
        TypedResults.Problem(detail: field is null ? message : $"{field}: {message}", statusCode: StatusCodes.Status404NotFound,
            title: "Not found.", extensions: FieldExtensions(field, message));

    public static IResult Conflict(string? field, string message) =>
        TypedResults.Problem(detail: field is null ? message : $"{field}: {message}", statusCode: StatusCodes.Status409Conflict,
            title: "Conflict.", extensions: FieldExtensions(field, message));

    public static IResult PayloadTooLarge(long limit) =>
        TypedResults.Problem(detail: $"the body is larger than {limit} bytes", statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "The body is too large.");

    public static IResult UnsupportedMediaType(string? contentType) =>
        TypedResults.Problem(detail: $"the body must be application/json (got '{contentType}')",
            statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.");

    /// <summary>503: the storage failed (disk full, read-only, locked); retryable, the caller's request was fine.</summary>
    public static IResult StorageUnavailable(StorageUnavailableException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return TypedResults.Problem(detail: StorageFailureAnswer.Sentence(exception), statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Storage unavailable.", extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["reason"] = ReasonName(exception.Reason),
            });
    }

    internal static string ReasonName(StorageFailure reason) => reason switch
    {
        StorageFailure.DiskFull => "disk_full",
        StorageFailure.ReadOnly => "read_only",
        StorageFailure.Busy => "busy",
        StorageFailure.IoError => "io_error",
        _ => "unreachable",
    };

    // The field also appears in `errors`, keyed like validation errors, so clients read every 4xx the same way.
    private static Dictionary<string, object?>? FieldExtensions(string? field, string message) => field is null
        ? null
        : new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["field"] = field,
            ["errors"] = new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] },
        };
}
