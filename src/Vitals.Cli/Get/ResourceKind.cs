using System.Text.Json.Nodes;

namespace Vitals.Cli.Get;

/// <summary>A resource kind of the API as <c>vitals get</c> knows it: its path, id prefix, names and table columns.</summary>
internal sealed record ResourceKind(string Plural, string Prefix, string[] Aliases, (string Header, Func<JsonObject, string?> Cell)[] Columns)
{
    /// <summary>What <c>-o wide</c> adds to every kind's columns: the fields every resource has.</summary>
    public static readonly (string Header, Func<JsonObject, string?> Cell)[] WideColumns =
    [
        ("NUMERIC_ID", r => Text(r, "numeric_id")), ("CREATED", r => Text(r, "created_at")), ("UPDATED", r => Text(r, "updated_at")),
        ("PROJECT", r => Text(r, "project_id")),
    ];

    public static string Text(JsonObject resource, string field) => resource[field] switch
    {
        null => "",
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.True => "up",
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.False => "down",
        var node => node.ToString(),
    };
}
