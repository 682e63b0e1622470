using System.CommandLine;
using System.Text.Json.Nodes;
using Vitals.Cli.Output;
using Vitals.Cli.Remote;

namespace Vitals.Cli.Get;

/// <summary>
/// <c>vitals get KIND [ID|NAME]</c>: lists a kind of resource, or shows one; <c>-o wide</c> adds the common columns,
/// <c>-o name</c> prints <c>kind/name</c> lines (the id when a resource has no name) as kubectl does, for pipes.
/// </summary>
internal static class GetCommand
{
    public static Command Create()
    {
        var remote = new RemoteOptions(["table", "wide", "name", "json", "yaml"]);
        var kind = new Argument<string>("KIND")
        {
            Description = $"What to list: {ResourceKinds.Names} (singular and short names work: lb, pool, member, hm).",
        };
        var id = new Argument<string?>("ID")
        {
            Description = "One resource: its id (lb-…, mbr-…) or its name. Without it, every resource of the kind.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("get", "List resources of one kind, or show one, from the server.");
        command.Arguments.Add(kind);
        command.Arguments.Add(id);
        remote.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RemoteRunner.RunAsync(parseResult, remote,
            (context, token) => RunAsync(context, parseResult.GetValue(kind)!, parseResult.GetValue(id), token), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(RemoteContext context, string kindName, string? id, CancellationToken cancellationToken)
    {
        if (ResourceKinds.Find(kindName) is not { } kind)
        {
            await context.Stderr.WriteLineAsync($"KIND: must be one of {ResourceKinds.Names} (got '{kindName}')");
            return ExitCodes.InvalidUsage;
        }

        List<JsonObject> items;
        if (id is null)
        {
            items = await context.Client.ListAsync(kind.Plural, null, cancellationToken);
        }
        else if (id.StartsWith(kind.Prefix + "-", StringComparison.Ordinal))
        {
            items = [await context.Client.GetAsync($"/api/v1/{kind.Plural}/{Uri.EscapeDataString(id)}", cancellationToken)];
        }
        else
        {
            items = await context.Client.ListAsync(kind.Plural, "name=" + Uri.EscapeDataString(id), cancellationToken);
            if (items.Count == 0)
            {
                await context.Stderr.WriteLineAsync($"error: no {kind.Aliases[0]} has the id or name '{id}'");
                return ExitCodes.CheckFailed;
            }
        }

        if (context.Output is "json" or "yaml")
        {
            JsonNode output = id is not null && items.Count == 1 ? items[0] : ToArray(items);
            await StructuredOutput.WriteAsync(context.Stdout, output, context.Output);
            return ExitCodes.Success;
        }

        if (context.Output == "name")
        {
            foreach (var item in items)
            {
                var name = ResourceKind.Text(item, "name");
                await context.Stdout.WriteLineAsync(TerminalText.Escape($"{kind.Aliases[0]}/{(name.Length == 0 ? ResourceKind.Text(item, "id") : name)}"));
            }

            return ExitCodes.Success;
        }

        var columns = context.Output == "wide" ? [.. kind.Columns, .. ResourceKind.WideColumns] : kind.Columns;
        var headers = new string[columns.Length];
        for (var i = 0; i < headers.Length; i++)
        {
            headers[i] = columns[i].Header;
        }

        var table = new TextTable(headers);
        foreach (var item in items)
        {
            var cells = new string?[headers.Length];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = columns[i].Cell(item);
            }

            table.Add(cells);
        }

        await context.Stdout.WriteAsync(items.Count == 0 ? $"No {kind.Plural}.\n" : table.ToString());
        return ExitCodes.Success;
    }

    private static JsonArray ToArray(List<JsonObject> items)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            array.Add(item);
        }

        return array;
    }
}
