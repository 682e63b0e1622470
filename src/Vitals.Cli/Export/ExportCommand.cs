using System.CommandLine;
using Vitals.Cli.Apply;
using Vitals.Cli.Remote;

namespace Vitals.Cli.Export;

/// <summary>
/// <c>vitals export haproxy [POOL] [--standalone [--bind ADDR] [--stats-socket PATH]] [--agent ADDR:PORT]</c>: the pools as HAProxy backends
/// with the same health checks; with <c>--standalone</c>, a whole configuration <c>haproxy -c</c> accepts on its own.
/// </summary>
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
        var standalone = new Option<bool>("--standalone")
        {
            Description = "Write a whole configuration (global, defaults, one frontend per listener) that haproxy -c accepts alone.",
        };
        var bind = new Option<string>("--bind")
        {
            Description = "With --standalone: the address each listener's frontend binds, at the listener's port.",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var statsSocket = new Option<string>("--stats-socket")
        {
            Description = "With --standalone: the runtime API socket of the global section.",
            DefaultValueFactory = _ => "/run/haproxy/admin.sock",
        };
        var agent = new Option<string?>("--agent")
        {
            Description = "Every server also asks Vitals' agent check at ADDRESS:PORT (vitals serve --agent-listen) for its state and "
                + "weight: agent-check agent-addr/agent-port/agent-send \"<member id>\\n\" agent-inter <the monitor's delay>, weight 100.",
            HelpName = "address:port",
        };
        var haproxy = new Command("haproxy", "Write pools as HAProxy backend sections that run the same health checks (haproxy.cfg syntax).");
        haproxy.Arguments.Add(pool);
        haproxy.Options.Add(standalone);
        haproxy.Options.Add(bind);
        haproxy.Options.Add(statsSocket);
        haproxy.Options.Add(agent);
        remote.AddTo(haproxy, withOutput: false);
        haproxy.SetAction((parseResult, cancellationToken) => RemoteRunner.RunAsync(parseResult, remote,
            (context, token) => RunAsync(context, parseResult.GetValue(pool),
                parseResult.GetValue(standalone) ? new HaproxyStandalone(parseResult.GetValue(bind)!, parseResult.GetValue(statsSocket)!) : null,
                parseResult.GetValue(agent), token),
            cancellationToken));
        export.Subcommands.Add(haproxy);
        export.Subcommands.Add(Nginx.NginxExportCommand.Create());
        return export;
    }

    private static async Task<int> RunAsync(RemoteContext context, string? poolArg, HaproxyStandalone? standalone, string? agentText,
        CancellationToken cancellationToken)
    {
        HaproxyAgent? agent = null;
        if (agentText is not null && !HaproxyAgent.TryParse(agentText, out agent))
        {
            await context.Stderr.WriteLineAsync($"error: --agent '{agentText}' must be ADDRESS:PORT (an IP address, [IPv6]:PORT, port 1-65535)");
            return ExitCodes.InvalidUsage;
        }

        if (standalone is not null && !HaproxyStandalone.IsAddress(standalone.Bind))
        {
            await context.Stderr.WriteLineAsync($"error: --bind '{standalone.Bind}' is not an IP address");
            return ExitCodes.InvalidUsage;
        }

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
        if (standalone is not null)
        {
            var listeners = await client.ListAsync("listeners", null, cancellationToken);
            await context.Stdout.WriteAsync(standalone.Write(listeners, pools, pool => LoadBalancerName(lbs, pool)));
        }

        foreach (var pool in pools)
        {
            var lbName = LoadBalancerName(lbs, pool);
            var monitor = monitors.Find(m => CurrentFleet.Text(m, "pool_id") == CurrentFleet.Id(pool));
            var poolMembers = CurrentFleet.ChildrenOf(members, "pool_id", CurrentFleet.Id(pool));
            await context.Stdout.WriteAsync("\n" + HaproxyBackendWriter.Write(lbName, pool, monitor, poolMembers, agent));
        }

        return ExitCodes.Success;
    }

    /// <summary>The name of the pool's load balancer, or its id when it has none.</summary>
    private static string LoadBalancerName(List<System.Text.Json.Nodes.JsonObject> lbs, System.Text.Json.Nodes.JsonObject pool)
    {
        var lbId = CurrentFleet.Text(pool, "loadbalancer_id");
        var lb = lbs.Find(l => CurrentFleet.Id(l) == lbId);
        return lb is not null && CurrentFleet.Text(lb, "name") is { Length: > 0 } name ? name : lbId ?? "";
    }
}
