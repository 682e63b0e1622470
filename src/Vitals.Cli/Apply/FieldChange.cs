using System.Text.Json.Nodes;

namespace Vitals.Cli.Apply;

/// <summary>One field an update changes, with the value shown now and the value the file asks for.</summary>
internal sealed record FieldChange(string Field, JsonNode? Old, JsonNode? New);
