using System.Text.Json;
using Microsoft.Net.Http.Headers;
using Vitals.Core.Validation;

namespace Vitals.Server.Api;

/// <summary>
/// Body of <c>POST …/tokens</c>: <c>{"name": "ci", "expires_at": "2027-01-01T00:00:00Z"}</c>. Read by hand so that
/// every kind of bad input is a 4xx naming its field: 415 for another media type, 413 over 16 KiB, 400 for broken
/// JSON, unknown fields, wrong types, a bad name or an expiry that is not in the future.
/// </summary>
internal sealed record TokenRequest(string Name, DateTimeOffset? ExpiresAt)
{
    public const int MaxBodyBytes = 16 * 1024;

    public const int MaxNameLength = 64;

    public static async Task<(TokenRequest? Request, IResult? Problem)> ReadAsync(HttpRequest request, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, ApiProblems.PayloadTooLarge(MaxBodyBytes));
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media)
            || !(media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)))
        {
            return string.IsNullOrEmpty(request.ContentType) && request.ContentLength is null or 0
                ? (null, ApiProblems.Validation("body", "is required: a JSON object with a name"))
                : (null, ApiProblems.UnsupportedMediaType(request.ContentType));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    return (null, ApiProblems.PayloadTooLarge(MaxBodyBytes));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ApiProblems.PayloadTooLarge(MaxBodyBytes));
        }

        if (buffer.Length == 0)
        {
            return (null, ApiProblems.Validation("body", "is required: a JSON object with a name"));
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            return Check(document.RootElement, now);
        }
        catch (JsonException)
        {
            return (null, ApiProblems.Validation("body", "is not valid JSON"));
        }
        catch (InvalidOperationException)
        {
            // A field name that is not valid text (a lone surrogate escape): System.Text.Json refuses to decode it.
            return (null, ApiProblems.Validation("body", "holds a field name that is not valid text"));
        }
    }

    private static (TokenRequest? Request, IResult? Problem) Check(JsonElement root, DateTimeOffset now)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, ApiProblems.Validation("body", "must be a JSON object"));
        }

        var errors = new FieldErrorList();
        string? name = null;
        DateTimeOffset? expiresAt = null;
        var sawName = false;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "name":
                    sawName = true;
                    name = ReadName(errors, property.Value);
                    break;
                case "expires_at":
                    expiresAt = ReadExpiry(errors, property.Value, now);
                    break;
                default:
                    errors.Add(Printable(property.Name), "is not a field of a token (name, expires_at)");
                    break;
            }
        }

        if (!sawName)
        {
            errors.Add("name", "is required");
        }

        return errors.HasErrors ? (null, ApiProblems.Validation(errors.Errors)) : (new TokenRequest(name!, expiresAt), null);
    }

    private static string? ReadName(FieldErrorList errors, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add("name", "must be a string");
            return null;
        }

        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            errors.Add("name", "is not valid text (a lone surrogate?)");
            return null;
        }

        if (!IsName(text))
        {
            errors.Add("name", $"must be 1 to {MaxNameLength} characters: letters, digits, '.', '-', '_', starting with a letter or digit");
            return null;
        }

        return text;
    }

    private static DateTimeOffset? ReadExpiry(FieldErrorList errors, JsonElement value, DateTimeOffset now)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || !value.TryGetDateTimeOffset(out var at))
        {
            errors.Add("expires_at", "must be an RFC 3339 instant such as 2027-01-01T00:00:00Z, or null");
            return null;
        }

        if (at <= now)
        {
            errors.Add("expires_at", "must be in the future");
            return null;
        }

        return at.ToUniversalTime();
    }

    /// <summary>1–64 of <c>[A-Za-z0-9._-]</c>, starting with a letter or digit: safe in URLs, shells and logs.</summary>
    public static bool IsName(string name)
    {
        if (name.Length is 0 or > MaxNameLength || !char.IsAsciiLetterOrDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An unknown field's name as it may appear in an answer: cut and without control characters.</summary>
    private static string Printable(string field)
    {
        var cut = field.Length > 64 ? field[..64] : field;
        return string.Concat(cut.Select(static c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c));
    }
}
