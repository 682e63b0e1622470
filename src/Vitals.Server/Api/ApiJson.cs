using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Vitals.Control.Fleet;
using Vitals.Core.Resources;
using Vitals.Core.Validation;
using Vitals.Server.Input;

namespace Vitals.Server.Api;

/// <summary>
/// Reads a JSON request body without minimal-API binding, so that every kind of bad input gets a problem+json
/// answer naming its field: 415 for another media type, 413 over the size limit, 400 for a missing body, broken
/// JSON, unknown fields, wrong types or nulls where no null is allowed (all of them at once).
/// </summary>
internal static class ApiJson
{
    public static async Task<ApiBody<T>> ReadAsync<T>(HttpContext http, CancellationToken cancellationToken)
        where T : FleetInput, IFleetInput
    {
        var request = http.Request;
        var hasBody = request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (!hasBody && string.IsNullOrEmpty(request.ContentType))
        {
            return Fail<T>(ApiProblems.Validation("body", "is required: a JSON object"));
        }

        if (!IsJson(request.ContentType))
        {
            return Fail<T>(ApiProblems.UnsupportedMediaType(request.ContentType));
        }

        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            var limit = http.RequestServices.GetRequiredService<IOptions<VitalsServerOptions>>().Value.MaxRequestBodyBytes;
            return Fail<T>(ApiProblems.PayloadTooLarge(limit));
        }

        if (buffer.Length == 0)
        {
            return Fail<T>(ApiProblems.Validation("body", "is required: a JSON object"));
        }

        JsonDocument document;
        try
        {
            document = StrictJson.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
        catch (JsonTextException e)
        {
            return Fail<T>(ApiProblems.Validation(e.Field ?? "body", e.Message));
        }
        catch (JsonException e)
        {
            return Fail<T>(ApiProblems.Validation("body", $"is not valid JSON: {FirstSentence(e.Message)}"));
        }

        using (document)
        {
            var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            var typeInfo = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail<T>(ApiProblems.Validation("body", "must be a JSON object"));
            }

            var errors = new FieldErrorList();
            var fields = JsonShape.Check(errors, root, typeInfo, T.NullableFields, T.Kind, prefix: "");
            if (errors.HasErrors)
            {
                return Fail<T>(ApiProblems.Validation(errors.Errors));
            }

            try
            {
                var value = root.Deserialize(typeInfo) ?? throw new JsonException("null body");
                return new ApiBody<T>(value with { Fields = fields }, null);
            }
            catch (JsonException e)
            {
                // The shape check should leave nothing for the serializer to refuse; if it does, still name the field.
                var field = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
                return Fail<T>(ApiProblems.Validation(field, $"is not valid: {FirstSentence(e.Message)}"));
            }
        }
    }

    private static ApiBody<T> Fail<T>(IResult problem)
        where T : class => new(null, problem);

    /// <summary><c>application/json</c> or any <c>+json</c> type, with any parameters (charset).</summary>
    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).Trim();
    }
}
