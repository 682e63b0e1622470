using System.Text;
using System.Text.Json.Nodes;
using Vitals.Cli.Output;

namespace Vitals.Cli.Apply;

/// <summary>
/// Prints an apply plan: <c>+ create</c>, <c>~ update</c> with <c>field: old -> new</c> lines, <c>-/+ replace</c> (with the
/// fixed fields that force it), <c>- delete</c>.
/// </summary>
internal static class PlanFormatter
{
    public static string ToText(IReadOnlyList<PlanStep> steps)
    {
        var sb = new StringBuilder();
        foreach (var step in steps)
        {
            sb.Append(step.Action switch
                {
                    PlanAction.Create => "+ create ",
                    PlanAction.Update => "~ update ",
                    PlanAction.Replace => "-/+ replace ",
                    _ => "- delete ",
                })
                .Append(step.Kind).Append(' ').Append(TerminalText.Escape(step.Label));
            if (step.Detail is not null)
            {
                sb.Append(" (").Append(TerminalText.Escape(step.Detail)).Append(')');
            }

            sb.Append('\n');
            foreach (var change in step.Changes)
            {
                sb.Append("    ").Append(change.Field).Append(": ").Append(TerminalText.Escape(Show(change.Old)))
                    .Append(" -> ").Append(TerminalText.Escape(Show(change.New))).Append('\n');
            }
        }

        var (create, update, replace, delete) = Count(steps);
        sb.Append(steps.Count == 0
            ? "No changes: the server already matches the file.\n"
            : replace == 0
                ? $"Plan: {create} to create, {update} to update, {delete} to delete.\n"
                : $"Plan: {create} to create, {update} to update, {replace} to replace, {delete} to delete.\n");
        return sb.ToString();
    }

    public static JsonObject ToJson(IReadOnlyList<PlanStep> steps, bool dryRun, bool applied)
    {
        var array = new JsonArray();
        foreach (var step in steps)
        {
            var item = new JsonObject
            {
                ["action"] = step.Action.ToString().ToLowerInvariant(),
                ["kind"] = step.Kind,
                ["name"] = step.Label,
                ["id"] = step.Id,
                ["detail"] = step.Detail,
            };
            if (step.Changes.Count > 0)
            {
                var fields = new JsonObject();
                foreach (var change in step.Changes)
                {
                    fields[change.Field] = new JsonObject { ["old"] = change.Old?.DeepClone(), ["new"] = change.New?.DeepClone() };
                }

                item["changes"] = fields;
            }

            array.Add(item);
        }

        var (create, update, replace, delete) = Count(steps);
        return new JsonObject
        {
            ["dry_run"] = dryRun,
            ["applied"] = applied,
            ["changes"] = array,
            ["summary"] = new JsonObject { ["create"] = create, ["update"] = update, ["replace"] = replace, ["delete"] = delete },
        };
    }

    private static string Show(JsonNode? value) => value switch
    {
        null => "(none)",
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>() is { Length: > 0 } s ? s : "\"\"",
        _ => value.ToJsonString(),
    };

    private static (int Create, int Update, int Replace, int Delete) Count(IReadOnlyList<PlanStep> steps)
    {
        int create = 0, update = 0, replace = 0, delete = 0;
        foreach (var step in steps)
        {
            switch (step.Action)
            {
                case PlanAction.Create: create++; break;
                case PlanAction.Update: update++; break;
                case PlanAction.Replace: replace++; break;
                default: delete++; break;
            }
        }

        return (create, update, replace, delete);
    }
}
