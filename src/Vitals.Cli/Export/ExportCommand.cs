using System.CommandLine;
using Vitals.Cli.Apply;
using Vitals.Cli.Remote;

namespace Vitals.Cli.Export;

/// <summary><c>vitals export haproxy [POOL]</c>: the pools as HAProxy backends with the same health checks.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var export = new Command("export", "Write the fleet in another tool's format.");
        var remote = new RemoteOptions();
        var pool = new Argument<string?>("POOL")
        {
            Description = "One pool (its id or name); without it, every pool.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var haproxy = new Command("haproxy", "Write pools as HAProxy backend sections that run the same health checks (haproxy.cfg syntax).");
        haproxy.Arguments.Add(pool);
        remote.AddTo(haproxy, withOutput: false);
        haproxy.SetAction((parseResult, cancellationToken) => RemoteRunner.RunAsync(parseResult, remote,
            (context, token) => RunAsync(context, parseResult.GetValue(pool), token), cancellationToken));
        export.Subcommands.Add(haproxy);
        return export;
    }

    private static async Task<int> RunAsync(RemoteContext context, string? poolArg, CancellationToken cancellationToken)
    {
        var client = context.Client;
        var pools = await client.ListAsync("pools", null, cancellationToken);
        if (poolArg is not null)
        {
            pools = pools.FindAll(p => CurrentFleet.Id(p) == poolArg || CurrentFleet.Text(p, "name") == poolArg);
            if (pools.Count == 0)
            {
                await context.Stderr.WriteLineAsync($"error: no pool has the id or name '{poolArg}'");
                return ExitCodes.CheckFailed;
            }
        }

        var lbs = await client.ListAsync("loadbalancers", null, cancellationToken);
        var monitors = await client.ListAsync("healthmonitors", null, cancellationToken);
        var members = await client.ListAsync("members", null, cancellationToken);
        await context.Stdout.WriteLineAsync($"# vitals export haproxy from {context.Client.Config.Server}");
        foreach (var pool in pools)
        {
            var lbId = CurrentFleet.Text(pool, "loadbalancer_id");
            var lb = lbs.Find(l => CurrentFleet.Id(l) == lbId);
            var lbName = lb is not null && CurrentFleet.Text(lb, "name") is { Length: > 0 } name ? name : lbId ?? "";
            var monitor = monitors.Find(m => CurrentFleet.Text(m, "pool_id") == CurrentFleet.Id(pool));
            var poolMembers = CurrentFleet.ChildrenOf(members, "pool_id", CurrentFleet.Id(pool));
            await context.Stdout.WriteAsync("\n" + HaproxyBackendWriter.Write(lbName, pool, monitor, poolMembers));
        }

        return ExitCodes.Success;
    }
}
