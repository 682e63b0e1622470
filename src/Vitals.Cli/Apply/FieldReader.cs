using System.Text.Json;
using System.Text.Json.Nodes;
using Vitals.Core.Validation;

namespace Vitals.Cli.Apply;

/// <summary>
/// Reads the fields of one mapping of a fleet file, recording every problem against its full path
/// (<c>loadbalancers[0].listeners[1].protocol_port</c>) and refusing keys the format does not know.
/// </summary>
internal sealed class FieldReader
{
    private readonly JsonObject _obj;
    private readonly FieldErrorList _errors;

    private FieldReader(JsonObject obj, string path, FieldErrorList errors)
    {
        _obj = obj;
        Path = path;
        _errors = errors;
    }

    public string Path { get; }

    /// <summary>A reader for <paramref name="node"/>, or null (with an error) when it is not a mapping.</summary>
    public static FieldReader? Open(JsonNode? node, string path, string[] allowed, FieldErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (node is not JsonObject obj)
        {
            errors.Add(path, $"must be a mapping with the fields {string.Join(", ", allowed)}");
            return null;
        }

        foreach (var (key, _) in obj)
        {
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                errors.Add(At(path, key), $"is not a known field (allowed: {string.Join(", ", allowed)})");
            }
        }

        return new FieldReader(obj, path, errors);
    }

    public string FieldPath(string key) => At(Path, key);

    public void Error(string key, string message) => _errors.Add(FieldPath(key), message);

    /// <summary>Prefixes errors a Core validator reported with bare field names.</summary>
    public void Errors(IEnumerable<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var error in errors)
        {
            _errors.Add(FieldPath(error.Field), error.Message);
        }
    }

    public bool Has(string key) => _obj[key] is not null;

    public JsonNode? Node(string key) => _obj[key];

    /// <summary>A string; numbers are taken as their text (YAML reads <c>expected_codes: 200</c> as a number).</summary>
    public string? String(string key)
    {
        switch (_obj[key])
        {
            case null:
                return null;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return value.GetValue<string>();
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                return value.ToJsonString();
            default:
                Error(key, "must be a string");
                return null;
        }
    }

    public int? Int(string key)
    {
        switch (_obj[key])
        {
            case null:
                return null;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var n)
                                      && n is >= int.MinValue and <= int.MaxValue:
                return (int)n;
            default:
                Error(key, $"must be an integer (got {_obj[key]!.ToJsonString()})");
                return null;
        }
    }

    public bool? Bool(string key)
    {
        switch (_obj[key])
        {
            case null:
                return null;
            case JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return value.GetValue<bool>();
            default:
                Error(key, $"must be true or false (got {_obj[key]!.ToJsonString()})");
                return null;
        }
    }

    /// <summary>The items of a list field (empty when absent).</summary>
    public List<JsonNode?> List(string key)
    {
        switch (_obj[key])
        {
            case null:
                return [];
            case JsonArray array:
                return [.. array];
            default:
                Error(key, "must be a list");
                return [];
        }
    }

    /// <summary>A required, non-empty name: apply finds resources by name.</summary>
    public string RequiredName()
    {
        var name = String("name");
        if (string.IsNullOrEmpty(name))
        {
            if (!Has("name"))
            {
                Error("name", "is required: apply finds resources on the server by name");
            }
            else if (name is not null)
            {
                Error("name", "must not be empty: apply finds resources on the server by name");
            }

            return "";
        }

        return name;
    }

    private static string At(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
