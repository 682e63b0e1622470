using System.CommandLine;
using System.Text.Json.Nodes;
using Vitals.Cli.Client;
using Vitals.Cli.Get;
using Vitals.Cli.Output;
using Vitals.Cli.Remote;

namespace Vitals.Cli.Delete;

/// <summary>
/// <c>vitals delete KIND ID|NAME [--dry-run] [--cascade]</c>. The API refuses (409) to delete a load balancer, pool or
/// instance that others still use; the CLI finds those dependents first and refuses the same way, naming them, unless
/// <c>--cascade</c> asks it to delete them too, deepest first, so every call it makes is one the API accepts.
/// </summary>
internal static class DeleteCommand
{
    public static Command Create()
    {
        var remote = new RemoteOptions();
        var kind = new Argument<string>("KIND") { Description = $"What to delete: {ResourceKinds.Names} (singular and short names work)." };
        var id = new Argument<string>("ID") { Description = "The resource: its id (lb-…, mbr-…) or its name." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would be deleted, delete nothing." };
        var cascade = new Option<bool>("--cascade")
        {
            Description = "Also delete what uses it: a load balancer's listeners, pools (with their members) and HAProxy bindings; "
                + "a pool's members; the members on an instance.",
        };
        var command = new Command("delete", "Delete a resource by id or name (with --cascade, what uses it too).");
        command.Arguments.Add(kind);
        command.Arguments.Add(id);
        command.Options.Add(dryRun);
        command.Options.Add(cascade);
        remote.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RemoteRunner.RunAsync(parseResult, remote,
            (context, token) => RunAsync(context, parseResult.GetValue(kind)!, parseResult.GetValue(id)!, parseResult.GetValue(dryRun),
                parseResult.GetValue(cascade), token), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(RemoteContext context, string kindName, string id, bool dryRun, bool cascade,
        CancellationToken cancellationToken)
    {
        if (ResourceKinds.Find(kindName) is not { } kind)
        {
            await context.Stderr.WriteLineAsync($"KIND: must be one of {ResourceKinds.Names} (got '{kindName}')");
            return ExitCodes.InvalidUsage;
        }

        List<JsonObject> matches = id.StartsWith(kind.Prefix + "-", StringComparison.Ordinal)
            ? [await context.Client.GetAsync($"/api/v1/{kind.Plural}/{Uri.EscapeDataString(id)}", cancellationToken)]
            : await context.Client.ListAsync(kind.Plural, "name=" + Uri.EscapeDataString(id), cancellationToken);
        if (matches.Count == 0)
        {
            await context.Stderr.WriteLineAsync($"error: no {kind.Aliases[0]} has the id or name '{TerminalText.Escape(id)}'");
            return ExitCodes.CheckFailed;
        }

        if (matches.Count > 1)
        {
            await context.Stderr.WriteLineAsync(
                $"error: {matches.Count} {kind.Plural} are named '{TerminalText.Escape(id)}': give the id ({string.Join(", ", matches.Select(ResourceKindId))})");
            return ExitCodes.InvalidUsage;
        }

        var target = new Doomed(kind, matches[0]);
        var dependents = await DependentsAsync(context.Client, target, cancellationToken);
        if (dependents.Count > 0 && !cascade)
        {
            await context.Stderr.WriteLineAsync($"error: {target.Label} is in use by {dependents.Count} resource(s); delete them first, or pass --cascade:");
            foreach (var dependent in dependents)
            {
                await context.Stderr.WriteLineAsync("  " + dependent.Label);
            }

            return ExitCodes.InvalidUsage;
        }

        List<Doomed> plan = [.. dependents, target];
        var deleted = new JsonArray();
        foreach (var doomed in plan)
        {
            if (!dryRun)
            {
                await context.Client.DeleteAsync($"/api/v1/{doomed.Kind.Plural}/{Uri.EscapeDataString(doomed.Id)}", cancellationToken);
            }

            deleted.Add(new JsonObject { ["kind"] = doomed.Kind.Aliases[0], ["id"] = doomed.Id, ["name"] = doomed.Name });
            if (context.IsTable)
            {
                await context.Stdout.WriteLineAsync((dryRun ? "would delete " : "deleted ") + doomed.Label);
            }
        }

        if (!context.IsTable)
        {
            await StructuredOutput.WriteAsync(context.Stdout, new JsonObject { ["dry_run"] = dryRun, ["deleted"] = deleted }, context.Output);
        }

        return ExitCodes.Success;
    }

    /// <summary>What uses <paramref name="target"/>, in an order the API accepts deletes in (what blocks a delete goes first).</summary>
    private static async Task<List<Doomed>> DependentsAsync(VitalsClient client, Doomed target, CancellationToken cancellationToken)
    {
        var found = new List<Doomed>();
        switch (target.Kind.Plural)
        {
            case "loadbalancers":
                await AddAsync(client, found, "listeners", "loadbalancer_id", target.Id, cancellationToken);
                var pools = await ListAsync(client, "pools", "loadbalancer_id", target.Id, cancellationToken);
                foreach (var pool in pools)
                {
                    await AddAsync(client, found, "members", "pool_id", pool.Id, cancellationToken);
                }

                found.AddRange(pools);
                await AddAsync(client, found, "haproxy-bindings", "loadbalancer_id", target.Id, cancellationToken);
                break;
            case "pools":
                await AddAsync(client, found, "members", "pool_id", target.Id, cancellationToken);
                break;
            case "instances":
                await AddAsync(client, found, "members", "instance_id", target.Id, cancellationToken);
                break;
        }

        return found;
    }

    private static async Task AddAsync(VitalsClient client, List<Doomed> found, string plural, string field, string id,
        CancellationToken cancellationToken) =>
        found.AddRange(await ListAsync(client, plural, field, id, cancellationToken));

    private static async Task<List<Doomed>> ListAsync(VitalsClient client, string plural, string field, string id,
        CancellationToken cancellationToken)
    {
        var kind = ResourceKinds.Find(plural)!;
        var list = new List<Doomed>();
        foreach (var resource in await client.ListAsync(plural, null, cancellationToken))
        {
            // Filtered here: not every kind's list accepts every reference as a query filter.
            if (resource[field]?.ToString() == id)
            {
                list.Add(new Doomed(kind, resource));
            }
        }

        return list;
    }

    private static string ResourceKindId(JsonObject resource) => ResourceKind.Text(resource, "id");

    private sealed record Doomed(ResourceKind Kind, JsonObject Resource)
    {
        public string Id => ResourceKind.Text(Resource, "id");

        public string Name => ResourceKind.Text(Resource, "name");

        public string Label => TerminalText.Escape(Name.Length == 0 ? $"{Kind.Aliases[0]} {Id}" : $"{Kind.Aliases[0]} {Name} ({Id})");
    }
}
