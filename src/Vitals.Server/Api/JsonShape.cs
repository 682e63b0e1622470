using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Vitals.Core.Validation;

namespace Vitals.Server.Api;

/// <summary>
/// Checks a JSON object against the contract of the type it will bind to, before binding: unknown fields, wrong
/// value kinds and forbidden nulls, each named by its field. The serializer stops at the first problem; this
/// reports them all, and it tells the caller which fields were sent (a partial update needs that).
/// </summary>
internal static class JsonShape
{
    /// <summary>Adds an error per bad field of <paramref name="body"/>; returns the names of the fields present.</summary>
    public static FrozenSet<string> Check(FieldErrorList errors, JsonElement body, JsonTypeInfo typeInfo, FrozenSet<string> nullable,
        string kind, string prefix)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        var comparison = typeInfo.Options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (var property in body.EnumerateObject())
        {
            var info = Find(typeInfo, property.Name, comparison);
            if (info is null)
            {
                errors.Add(prefix + property.Name, $"is not a field of a {kind} (fields: {KnownFields(typeInfo)})");
                continue;
            }

            present.Add(info.Name);
            var field = prefix + info.Name;
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                if (!nullable.Contains(info.Name))
                {
                    errors.Add(field, $"{Expectation(info.PropertyType)}, not null");
                }

                continue;
            }

            CheckValue(errors, field, value, info);
        }

        return present.ToFrozenSet(StringComparer.Ordinal);
    }

    private static void CheckValue(FieldErrorList errors, string field, JsonElement value, JsonPropertyInfo info)
    {
        var type = Nullable.GetUnderlyingType(info.PropertyType) ?? info.PropertyType;
        var ok = type switch
        {
            _ when type == typeof(int) => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _),
            _ when type == typeof(string) => value.ValueKind == JsonValueKind.String,
            _ when type == typeof(bool) => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            _ when type == typeof(DateTimeOffset) => value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out _),
            _ => CheckList(errors, field, value, info),
        };
        if (!ok)
        {
            errors.Add(field, Expectation(info.PropertyType));
        }
    }

    /// <summary>
    /// An array of objects is checked element by element (maintenance windows), an array of strings element by element
    /// (a webhook's events), an object of strings entry by entry (an HAProxy binding's backends); other types are left to
    /// the serializer.
    /// </summary>
    private static bool CheckList(FieldErrorList errors, string field, JsonElement value, JsonPropertyInfo info)
    {
        var listInfo = info.Options.GetTypeInfo(info.PropertyType);
        if (listInfo.Kind == JsonTypeInfoKind.Dictionary)
        {
            return CheckStringMap(errors, field, value);
        }

        if (listInfo.Kind != JsonTypeInfoKind.Enumerable || listInfo.ElementType is null)
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        if (listInfo.ElementType == typeof(string))
        {
            CheckStrings(errors, field, value);
            return true;
        }

        var elementInfo = info.Options.GetTypeInfo(listInfo.ElementType);
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            var elementField = $"{field}[{index++}]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(elementField, "must be an object");
                continue;
            }

            Check(errors, element, elementInfo, FrozenSet<string>.Empty, Words(elementInfo.Type.Name), elementField + ".");
        }

        return true;
    }

    /// <summary>An array of strings (a webhook's events and states): each element a string, never null.</summary>
    private static void CheckStrings(FieldErrorList errors, string field, JsonElement value)
    {
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                errors.Add($"{field}[{index}]", "must be a string");
            }

            index++;
        }
    }

    private static bool CheckStringMap(FieldErrorList errors, string field, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(field, "must be a JSON object whose values are strings");
            return true;
        }

        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                errors.Add($"{field}.{entry.Name}", "must be a string");
            }
        }

        return true;
    }

    private static string Expectation(Type propertyType)
    {
        var type = Nullable.GetUnderlyingType(propertyType) ?? propertyType;
        return type switch
        {
            _ when type == typeof(int) => "must be an integer",
            _ when type == typeof(string) => "must be a string",
            _ when type == typeof(bool) => "must be true or false",
            _ when type == typeof(DateTimeOffset) => "must be an ISO 8601 instant such as 2026-05-01T02:00:00Z",
            _ => "must be an array",
        };
    }

    private static JsonPropertyInfo? Find(JsonTypeInfo typeInfo, string name, StringComparison comparison)
    {
        foreach (var info in typeInfo.Properties)
        {
            if (IsBound(info) && string.Equals(info.Name, name, comparison))
            {
                return info;
            }
        }

        return null;
    }

    private static string KnownFields(JsonTypeInfo typeInfo) =>
        string.Join(", ", typeInfo.Properties.Where(IsBound).Select(static p => p.Name));

    /// <summary>False for members the contract ignores ([JsonIgnore]): they are no field of the body.</summary>
    private static bool IsBound(JsonPropertyInfo info) => info.Get is not null || info.Set is not null;

    /// <summary><c>MaintenanceWindowInput</c> → <c>maintenance window</c>.</summary>
    private static string Words(string typeName)
    {
        var name = typeName.EndsWith("Input", StringComparison.Ordinal) ? typeName[..^5] : typeName;
        var words = new System.Text.StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ');
            }

            words.Append(char.ToLowerInvariant(c));
        }

        return words.ToString();
    }
}
