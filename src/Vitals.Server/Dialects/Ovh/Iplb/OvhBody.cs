using System.Text.Json;
using Vitals.Server.Input;

namespace Vitals.Server.Dialects.Ovh.Iplb;

/// <summary>
/// A signed OVH write body: a JSON object whose fields are read by name and type. Every problem is collected, and the
/// first one answers, as OVH answers one sentence: <c>Unknown body parameter x</c> and the malformed-JSON sentence are
/// OVH's own wording; the type and range sentences follow the query-parameter ones of this dialect.
/// </summary>
internal sealed class OvhBody
{
    /// <summary>OVH's answer to a body that does not parse.</summary>
    public const string Malformed = "The input that you provided isn't valid JSON or not well formatted";

    private readonly Dictionary<string, JsonElement> _fields;
    private readonly List<string> _errors = [];

    private OvhBody(Dictionary<string, JsonElement> fields) => _fields = fields;

    /// <summary>A body without fields (an absent nested object).</summary>
    public static OvhBody Empty() => new(new Dictionary<string, JsonElement>(StringComparer.Ordinal));

    public bool HasErrors => _errors.Count > 0;

    /// <summary>The first problem, OVH's one-sentence style.</summary>
    public string FirstError => _errors[0];

    /// <summary>Parses <paramref name="utf8"/>; an empty body is an empty object. Null with the OVH error otherwise.</summary>
    public static (OvhBody? Body, IResult? Error) Parse(ReadOnlyMemory<byte> utf8, IReadOnlySet<string> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (!utf8.IsEmpty)
        {
            try
            {
                using var document = StrictJson.Parse(utf8);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return (null, OvhErrorResults.BadRequest(Malformed));
                }

                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (!known.Contains(property.Name))
                    {
                        return (null, OvhErrorResults.BadRequest($"Unknown body parameter {property.Name}"));
                    }

                    if (!fields.TryAdd(property.Name, property.Value.Clone()))
                    {
                        return (null, OvhErrorResults.BadRequest($"Duplicate body parameter {property.Name}"));
                    }
                }
            }
            catch (JsonException)
            {
                return (null, OvhErrorResults.BadRequest(Malformed));
            }
        }

        return (new OvhBody(fields), null);
    }

    public bool Has(string name) => _fields.ContainsKey(name);

    /// <summary>Sent and not null.</summary>
    public bool HasValue(string name) => _fields.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public void Error(string message) => _errors.Add(message);

    public string? String(string name)
    {
        if (!_fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            _errors.Add($"Invalid body parameter {name}: expected a string");
            return null;
        }

        return value.GetString();
    }

    public long? Long(string name)
    {
        if (!_fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            _errors.Add($"Invalid body parameter {name}: expected a long");
            return null;
        }

        return number;
    }

    public bool? Bool(string name)
    {
        if (!_fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            _errors.Add($"Invalid body parameter {name}: expected a boolean");
            return null;
        }

        return value.GetBoolean();
    }

    /// <summary>A string that must be one of <paramref name="allowed"/> (OVH enums).</summary>
    public string? Enum(string name, params string[] allowed)
    {
        var text = String(name);
        if (text is not null && Array.IndexOf(allowed, text) < 0)
        {
            _errors.Add($"Invalid body parameter {name}: '{text}' is not one of {string.Join(", ", allowed)}");
            return null;
        }

        return text;
    }

    /// <summary>A nested object (the farm <c>probe</c>); null when absent or null.</summary>
    public JsonElement? Object(string name)
    {
        if (!_fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            _errors.Add($"Invalid body parameter {name}: expected an object");
            return null;
        }

        return value;
    }

    /// <summary>A nested object's fields as a body of its own, its parameter names prefixed (<c>probe.interval</c>).</summary>
    public OvhBody? Nested(JsonElement element, string prefix, IReadOnlySet<string> known)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                _errors.Add($"Unknown body parameter {prefix}.{property.Name}");
                return null;
            }

            fields[prefix + "." + property.Name] = property.Value;
        }

        return new OvhBody(fields);
    }

    /// <summary>Takes the errors of a nested body into this one.</summary>
    public void Absorb(OvhBody nested)
    {
        ArgumentNullException.ThrowIfNull(nested);
        _errors.AddRange(nested._errors);
    }
}
