using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Vitals.Cli.Apply;
using Vitals.Cli.Client;
using Vitals.Cli.Output;
using Vitals.Cli.Remote;

namespace Vitals.Cli.Status;

/// <summary>
/// <c>vitals status</c>: health per listener and pool (counts per state), then every member, not Healthy ones first
/// with their state, the reason in words and since when.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var remote = new RemoteOptions();
        var failOnUnhealthy = new Option<bool>("--fail-on-unhealthy")
        {
            Description = "Exit 1 when any member is Unhealthy (for scripts and CI gates).",
        };
        var command = new Command("status", "Show listener, pool and member health as tables, members that are not Healthy first.");
        command.Options.Add(failOnUnhealthy);
        remote.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RemoteRunner.RunAsync(parseResult, remote,
            (context, token) => RunAsync(context, parseResult.GetValue(failOnUnhealthy), token), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(RemoteContext context, bool failOnUnhealthy, CancellationToken cancellationToken)
    {
        var client = context.Client;
        var lbs = Names(await client.ListAsync("loadbalancers", null, cancellationToken));
        var listeners = await client.ListAsync("listeners", null, cancellationToken);
        var pools = await client.ListAsync("pools", null, cancellationToken);
        var members = await client.ListAsync("members", null, cancellationToken);
        var poolNames = Names(pools);

        var poolRows = new JsonArray();
        var memberRows = new List<JsonObject>();
        var healthyRows = new List<JsonObject>();
        var attached = new HashSet<string>(StringComparer.Ordinal);
        foreach (var listener in listeners)
        {
            var health = await client.GetAsync($"/api/v1/listeners/{CurrentFleet.Id(listener)}/health?non_healthy_limit=100000",
                ClientJsonContext.Default.ListenerHealth, cancellationToken);
            var label = $"{lbs.GetValueOrDefault(CurrentFleet.Text(listener, "loadbalancer_id") ?? "")}/{CurrentFleet.Text(listener, "name")} {health.Protocol}:{health.ProtocolPort}";
            if (health.Pools.Count == 0)
            {
                poolRows.Add(PoolRow(label, null, null));
            }

            foreach (var pool in health.Pools)
            {
                attached.Add(pool.PoolId);
                poolRows.Add(PoolRow(label, poolNames.GetValueOrDefault(pool.PoolId, pool.PoolId), pool));
                AddMembers(pool, members, poolNames, memberRows, healthyRows);
            }
        }

        foreach (var pool in pools)
        {
            var id = CurrentFleet.Id(pool);
            if (!attached.Contains(id))
            {
                var health = await client.GetAsync($"/api/v1/pools/{id}/health?non_healthy_limit=100000", ClientJsonContext.Default.PoolHealth,
                    cancellationToken);
                poolRows.Add(PoolRow("(no listener)", poolNames.GetValueOrDefault(id, id), health));
                AddMembers(health, members, poolNames, memberRows, healthyRows);
            }
        }

        memberRows.Sort(static (a, b) => Rank(a).CompareTo(Rank(b)));
        memberRows.AddRange(healthyRows);
        var unhealthy = memberRows.Count(static m => m["state"]?.ToString() == "Unhealthy");
        if (context.IsTable)
        {
            await WriteTablesAsync(context.Stdout, poolRows, memberRows);
        }
        else
        {
            var memberArray = new JsonArray();
            foreach (var row in memberRows)
            {
                memberArray.Add(row);
            }

            await StructuredOutput.WriteAsync(context.Stdout,
                new JsonObject { ["pools"] = poolRows, ["members"] = memberArray, ["unhealthy"] = unhealthy }, context.Output);
        }

        return failOnUnhealthy && unhealthy > 0 ? ExitCodes.CheckFailed : ExitCodes.Success;
    }

    // Unhealthy first (what hurts now), then members still deciding, then what is off on purpose.
    private static int Rank(JsonObject member) => member["state"]?.ToString() switch
    {
        "Unhealthy" => 0,
        "Initial" => 1,
        "Unavailable" => 2,
        "Unused" => 3,
        _ => 4,
    };

    private static void AddMembers(PoolHealth pool, List<JsonObject> members, Dictionary<string, string> poolNames, List<JsonObject> rows,
        List<JsonObject> healthy)
    {
        var nonHealthy = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in pool.NonHealthy)
        {
            nonHealthy.Add(member.MemberId);
            rows.Add(MemberRow(member.MemberId, NameOf(members, member.MemberId), poolNames.GetValueOrDefault(pool.PoolId, pool.PoolId),
                member.Address, member.ProtocolPort, member.State, member.ReasonCode, member.Since));
        }

        foreach (var member in members)
        {
            var id = CurrentFleet.Id(member);
            if (CurrentFleet.Text(member, "pool_id") == pool.PoolId && !nonHealthy.Contains(id))
            {
                healthy.Add(MemberRow(id, CurrentFleet.Text(member, "name") ?? "", poolNames.GetValueOrDefault(pool.PoolId, pool.PoolId),
                    CurrentFleet.Text(member, "address") ?? "", member["protocol_port"]!.GetValue<int>(), "Healthy", null, null));
            }
        }
    }

    private static JsonObject MemberRow(string id, string name, string pool, string address, int port, string state, string? reason,
        DateTimeOffset? since) => new()
    {
        ["member_id"] = id,
        ["name"] = name,
        ["pool"] = pool,
        ["address"] = address,
        ["protocol_port"] = port,
        ["state"] = state,
        ["reason_code"] = reason,
        ["since"] = since is { } at ? Canonical.Instant(at) : null,
    };

    private static JsonObject PoolRow(string listener, string? pool, PoolHealth? health)
    {
        var counts = new JsonObject();
        if (health is not null)
        {
            foreach (var (state, count) in health.Counts)
            {
                counts[state] = count;
            }
        }

        return new JsonObject
        {
            ["listener"] = listener,
            ["pool"] = pool,
            ["pool_id"] = health?.PoolId,
            ["health_check_enabled"] = health?.HealthCheckEnabled,
            ["counts"] = counts,
            ["members_total"] = health?.MembersTotal ?? 0,
            ["non_healthy_total"] = health?.NonHealthyTotal ?? 0,
        };
    }

    private static async Task WriteTablesAsync(TextWriter stdout, JsonArray pools, List<JsonObject> members)
    {
        var poolTable = new TextTable("LISTENER", "POOL", "CHECKS", "HEALTHY", "UNHEALTHY", "INITIAL", "UNUSED", "UNAVAILABLE", "TOTAL");
        foreach (var row in pools)
        {
            var counts = row!["counts"]!.AsObject();
            poolTable.Add(row["listener"]?.ToString(), row["pool"]?.ToString() ?? "(none)",
                row["health_check_enabled"] is null ? "" : row["health_check_enabled"]!.GetValue<bool>() ? "on" : "off",
                Count(counts, "Healthy"), Count(counts, "Unhealthy"), Count(counts, "Initial"), Count(counts, "Unused"),
                Count(counts, "Unavailable"), row["members_total"]!.ToString());
        }

        await stdout.WriteAsync(pools.Count == 0 ? "No listeners or pools.\n" : poolTable.ToString());
        if (members.Count == 0)
        {
            return;
        }

        var now = TimeProvider.System.GetUtcNow();
        var memberTable = new TextTable("MEMBER", "POOL", "ADDRESS", "STATE", "REASON", "SINCE");
        foreach (var row in members)
        {
            var state = row["state"]!.ToString();
            var name = row["name"]?.ToString();
            var since = row["since"]?.ToString();
            memberTable.Add(string.IsNullOrEmpty(name) ? row["member_id"]!.ToString() : name, row["pool"]?.ToString(),
                $"{row["address"]}:{row["protocol_port"]}", state, HealthWords.Reason(row["reason_code"]?.ToString(), state),
                since is null ? "" : HealthWords.Since(DateTimeOffset.Parse(since, CultureInfo.InvariantCulture), now));
        }

        await stdout.WriteAsync("\n" + memberTable);
    }

    private static string Count(JsonObject counts, string state) => counts[state]?.ToString() ?? "0";

    private static string NameOf(List<JsonObject> members, string id) =>
        members.Find(m => CurrentFleet.Id(m) == id) is { } m ? CurrentFleet.Text(m, "name") ?? "" : "";

    private static Dictionary<string, string> Names(List<JsonObject> resources)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            var name = CurrentFleet.Text(resource, "name");
            names[CurrentFleet.Id(resource)] = string.IsNullOrEmpty(name) ? CurrentFleet.Id(resource) : name;
        }

        return names;
    }
}
