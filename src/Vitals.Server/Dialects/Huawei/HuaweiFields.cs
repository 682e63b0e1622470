using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Vitals.Core.Validation;

namespace Vitals.Server.Dialects.Huawei;

/// <summary>
/// The fields of a <c>{"healthmonitor": {...}}</c>-style body, read strictly: the wrapper must be the only key, every
/// field must be known and of its JSON type (a string <c>"10"</c> for <c>delay</c> is refused), null only where it means
/// something. Keeps each field's raw JSON text for Huawei's "Value: ..." messages.
/// </summary>
internal sealed class HuaweiFields
{
    private readonly Dictionary<string, JsonElement> _values;

    private HuaweiFields(Dictionary<string, JsonElement> values) => _values = values;

    /// <summary>The names sent (for <c>FleetInput.Fields</c>).</summary>
    public FrozenSet<string> Names => _values.Keys.ToFrozenSet(StringComparer.Ordinal);

    public bool Has(string name) => _values.ContainsKey(name);

    public string? RawText(string name) => _values.TryGetValue(name, out var value) ? value.GetRawText() : null;

    /// <summary>Parses <paramref name="json"/>; on failure <paramref name="error"/> is the message for a 400 ELB.8902.</summary>
    public static HuaweiFields? Parse(JsonElement json, string wrapper, IReadOnlyList<HuaweiFieldRule> rules, out string? error)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            error = $"the body must be a JSON object with the key '{wrapper}'";
            return null;
        }

        JsonElement? inner = null;
        foreach (var property in json.EnumerateObject())
        {
            if (property.Name != wrapper || inner is not null)
            {
                error = $"Invalid input for field/attribute {property.Name}. the body must hold only '{wrapper}'";
                return null;
            }

            inner = property.Value;
        }

        if (inner is not { ValueKind: JsonValueKind.Object } body)
        {
            error = $"Invalid input for field/attribute {wrapper}. Value: {inner?.GetRawText() ?? "null"}. must be a JSON object";
            return null;
        }

        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var property in body.EnumerateObject())
        {
            var rule = Find(rules, property.Name);
            var value = property.Value;
            if (rule is null)
            {
                errors.Add($"Invalid input for field/attribute {property.Name}. Value: {value.GetRawText()}. unknown field");
                continue;
            }

            if (!values.TryAdd(property.Name, value))
            {
                errors.Add($"Invalid input for field/attribute {property.Name}. sent twice");
                continue;
            }

            if (KindError(rule.Value, value) is { } kindError)
            {
                errors.Add($"Invalid input for field/attribute {property.Name}. Value: {value.GetRawText()}. {kindError}");
            }
        }

        error = errors.Count == 0 ? null : string.Join(" ", errors);
        return error is null ? new HuaweiFields(values) : null;
    }

    public string? String(string name) =>
        _values.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public int? Integer(string name) =>
        _values.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    public bool? Boolean(string name) =>
        _values.TryGetValue(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    /// <summary>Adds an error when a field that cannot change was sent with another value than <paramref name="current"/>.</summary>
    public void Fixed(FieldErrorList errors, string name, string current)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (Has(name) && String(name) != current)
        {
            errors.Add(name, $"cannot be changed (it is '{current}')");
        }
    }

    private static HuaweiFieldRule? Find(IReadOnlyList<HuaweiFieldRule> rules, string name)
    {
        foreach (var rule in rules)
        {
            if (rule.Name == name)
            {
                return rule;
            }
        }

        return null;
    }

    private static string? KindError(HuaweiFieldRule rule, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return rule.Nullable ? null : "must not be null";
        }

        return rule.Kind switch
        {
            HuaweiFieldKind.String when value.ValueKind != JsonValueKind.String => "must be a string",
            HuaweiFieldKind.Boolean when value.ValueKind is not (JsonValueKind.True or JsonValueKind.False) => "must be true or false",
            HuaweiFieldKind.Integer when value.ValueKind != JsonValueKind.Number
                || !int.TryParse(value.GetRawText(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) => "must be an integer",
            _ => null,
        };
    }
}
