using System.Text.Json;

namespace Vitals.Server.Input;

/// <summary>
/// The one way request JSON is parsed, on every surface (native API, Huawei, the OVH and Alibaba credential bodies,
/// Alibaba's JSON-valued parameters). Beyond what <see cref="JsonDocument"/> checks, it refuses text the rest of the
/// system cannot carry: an escaped lone surrogate (<c>"\ud800"</c>, which <see cref="JsonElement.GetString"/> would
/// later throw <see cref="InvalidOperationException"/> for, anywhere, as a 500), NUL (which PostgreSQL text refuses) and
/// the other C0 control characters except tab, line feed and carriage return. Every refusal is a <see cref="JsonException"/>
/// (a <see cref="JsonTextException"/> naming the field, e.g. <c>healthmonitor.name</c>), so each caller answers it as it
/// already answers broken JSON, in its own dialect.
/// </summary>
internal static class StrictJson
{
    /// <summary>The deepest nesting accepted; no request body of any surface nests deeper than 4.</summary>
    public const int MaxDepth = 32;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = MaxDepth };

    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8) => Checked(JsonDocument.Parse(utf8, Options));

    public static JsonDocument Parse(string text, int maxDepth = MaxDepth) =>
        Checked(JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = maxDepth }));

    public static async Task<JsonDocument> ParseAsync(Stream utf8, CancellationToken cancellationToken) =>
        Checked(await JsonDocument.ParseAsync(utf8, Options, cancellationToken));

    /// <summary>
    /// A sentence for people: <c>"healthmonitor.name is not valid Unicode text (a lone surrogate)"</c> for a refused
    /// string, else <c>"the body is not valid JSON: ..."</c> with the parser's first sentence.
    /// </summary>
    public static string Describe(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is JsonTextException text)
        {
            return text.Field is { } field ? $"{field} {text.Message}" : $"the body {text.Message}";
        }

        var end = exception.Message.IndexOf(" Path:", StringComparison.Ordinal);
        var reason = end > 0 ? exception.Message[..end] : exception.Message;
        return $"the body is not valid JSON: {reason.Trim()}";
    }

    private static JsonDocument Checked(JsonDocument document)
    {
        try
        {
            Check(document.RootElement, "$");
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    private static void Check(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        throw Refused(path, "a field name is not valid Unicode text (a lone surrogate)");
                    }

                    CheckText(name, path, isName: true);
                    Check(property.Value, path + "." + name);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Check(item, $"{path}[{index++}]");
                }

                break;
            case JsonValueKind.String:
                string text;
                try
                {
                    text = element.GetString()!;
                }
                catch (InvalidOperationException)
                {
                    throw Refused(path, "is not valid Unicode text (a lone surrogate)");
                }

                CheckText(text, path, isName: false);
                break;
            default:
                break;
        }
    }

    /// <summary>Whether text may hold <paramref name="c"/>: anything but NUL and the C0 controls other than tab, LF and CR.</summary>
    public static bool IsAllowed(char c) => c >= ' ' || c is '\t' or '\n' or '\r';

    private static void CheckText(string text, string path, bool isName)
    {
        foreach (var c in text)
        {
            if (!IsAllowed(c))
            {
                throw Refused(path, isName
                    ? $"a field name holds the control character U+{(int)c:X4}"
                    : $"holds the control character U+{(int)c:X4}, which is not allowed");
            }
        }
    }

    private static JsonTextException Refused(string path, string message) =>
        new(path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.Length > 1 ? path[1..] : null, message);
}
