using System.Globalization;
using System.Text.Json.Nodes;
using Vitals.Core.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vitals.Cli.Apply;

/// <summary>
/// Reads a fleet file (YAML, or JSON, which is YAML too) into a JSON tree: plain scalars become numbers, booleans and
/// null as YAML 1.2 reads them, quoted ones stay strings; a repeated key is an error.
/// </summary>
internal static class YamlToJson
{
    public static JsonNode? Parse(string text, FieldErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var yaml = new YamlStream();
        try
        {
            using var reader = new StringReader(text);
            yaml.Load(reader);
        }
        catch (YamlException e)
        {
            errors.Add("file", $"is not valid YAML or JSON: line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}");
            return null;
        }

        if (yaml.Documents.Count != 1)
        {
            errors.Add("file", yaml.Documents.Count == 0 ? "is empty" : "must hold one YAML document (found several)");
            return null;
        }

        return Convert(yaml.Documents[0].RootNode, "", errors);
    }

    private static JsonNode? Convert(YamlNode node, string path, FieldErrorList errors)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    var key = (keyNode as YamlScalarNode)?.Value ?? "";
                    var childPath = path.Length == 0 ? key : $"{path}.{key}";
                    if (obj.ContainsKey(key))
                    {
                        errors.Add(childPath, $"appears twice (line {keyNode.Start.Line})");
                        continue;
                    }

                    obj[key] = Convert(valueNode, childPath, errors);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                var i = 0;
                foreach (var item in sequence.Children)
                {
                    array.Add(Convert(item, $"{path}[{i++}]", errors));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                return null;
        }
    }

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (text is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? JsonValue.Create(number)
            : JsonValue.Create(text);
    }
}
