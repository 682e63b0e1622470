using System.Text.Json;
using Vitals.Server.Input;

namespace Vitals.Server.Dialects.Huawei;

/// <summary>Reads a request body as JSON and checks its fields against <see cref="HuaweiFieldRule"/>s.</summary>
internal static class HuaweiBody
{
    /// <returns>The fields, or the 400 ELB.8902 to answer.</returns>
    public static async Task<(HuaweiFields? Fields, IResult? Error)> ReadAsync(HttpContext context, string wrapper,
        IReadOnlyList<HuaweiFieldRule> rules)
    {
        ArgumentNullException.ThrowIfNull(context);
        JsonDocument document;
        try
        {
            document = await StrictJson.ParseAsync(context.Request.Body, context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Over the server's body limit: Huawei's shape, not the native problem+json the exception handler would write.
            return (null, HuaweiErrors.Error(context, e.StatusCode, HuaweiErrors.InvalidParameter, "the body is larger than the server accepts"));
        }
        catch (JsonTextException e)
        {
            return (null, HuaweiErrors.Invalid(context, $"Invalid input: {StrictJson.Describe(e)}."));
        }
        catch (JsonException)
        {
            return (null, HuaweiErrors.Invalid(context, "the body is not valid JSON"));
        }

        // The fields outlive the document: keep a copy that owns its memory.
        JsonElement root;
        using (document)
        {
            root = document.RootElement.Clone();
        }

        var fields = HuaweiFields.Parse(root, wrapper, rules, out var error);
        return fields is null ? (null, HuaweiErrors.Invalid(context, error!)) : (fields, null);
    }
}
