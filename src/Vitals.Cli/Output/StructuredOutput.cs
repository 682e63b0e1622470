using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace Vitals.Cli.Output;

/// <summary><c>-o json</c> and <c>-o yaml</c>: one document of the API's own field names, for scripts.</summary>
internal static class StructuredOutput
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly ISerializer Yaml = new SerializerBuilder().WithQuotingNecessaryStrings().Build();

    public static async Task WriteAsync(TextWriter writer, JsonNode? node, string format)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteAsync(format == "yaml" ? ToYaml(node) : ToJson(node) + "\n");
    }

    public static string ToJson(JsonNode? node) => node?.ToJsonString(Indented) ?? "null";

    public static string ToYaml(JsonNode? node) => Yaml.Serialize(ToPlain(node));

    // YAML is written from plain dictionaries, lists and scalars: YamlDotNet serializes those without reflection on our types.
    private static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => ToDictionary(obj),
        JsonArray array => ToList(array),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => Number(value),
            _ => null,
        },
        _ => null,
    };

    // A node built in code holds the CLR value it was given (an int, a double…), one parsed from the server a
    // JsonElement: GetValue<long> or GetValue<double> throws on the other kinds, the number's JSON text never does.
    private static object Number(JsonValue value)
    {
        var text = value.ToJsonString();
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
            ? integer
            : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static Dictionary<string, object?> ToDictionary(JsonObject obj)
    {
        var map = new Dictionary<string, object?>(obj.Count, StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            map[key] = ToPlain(value);
        }

        return map;
    }

    private static List<object?> ToList(JsonArray array)
    {
        var list = new List<object?>(array.Count);
        foreach (var item in array)
        {
            list.Add(ToPlain(item));
        }

        return list;
    }
}
