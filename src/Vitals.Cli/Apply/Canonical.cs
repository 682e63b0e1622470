using System.Globalization;
using System.Text.Json.Nodes;

namespace Vitals.Cli.Apply;

/// <summary>One spelling for values the server may write differently from the file (instants), so diffs see only real changes.</summary>
internal static class Canonical
{
    public static string Instant(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A copy of <paramref name="value"/> in canonical form, for comparing <paramref name="field"/>.</summary>
    public static JsonNode? Of(string field, JsonNode? value)
    {
        if (field != "maintenance_windows" || value is not JsonArray windows)
        {
            return value?.DeepClone();
        }

        var copy = new JsonArray();
        foreach (var window in windows)
        {
            copy.Add(new JsonObject
            {
                ["start"] = InstantOf(window?["start"]),
                ["end"] = InstantOf(window?["end"]),
                ["description"] = window?["description"]?.ToString() ?? "",
            });
        }

        return copy;
    }

    private static string? InstantOf(JsonNode? node) =>
        node?.ToString() is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? Instant(at)
            : node?.ToString();
}
