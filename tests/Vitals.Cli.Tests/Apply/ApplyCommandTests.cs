using System.Text.Json;
using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Apply;

public sealed class ApplyCommandTests
{
    [Fact]
    public async Task Apply_NewFile_CreatesEverything_AndASecondApplyFindsNoChanges()
    {
        await using var server = await CliTestServer.StartAsync();
        var yaml = FleetYaml.Web(8081, 8082);

        var first = await server.ApplyAsync(yaml);
        var second = await server.ApplyAsync(yaml);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("+ create instance vm-1", first.Stdout);
        Assert.Contains("+ create loadbalancer edge", first.Stdout);
        Assert.Contains("+ create listener edge/web (HTTP:80)", first.Stdout);
        Assert.Contains("+ create pool edge/web", first.Stdout);
        Assert.Contains("+ create healthmonitor edge/web", first.Stdout);
        Assert.Contains("+ create member edge/web/web-down (127.0.0.1:8082)", first.Stdout);
        Assert.Contains("Plan: 7 to create, 0 to update, 0 to delete.", first.Stdout);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("No changes", second.Stdout);

        var pools = JsonDocument.Parse((await server.RunAsync("get", "pools", "-o", "json")).Stdout).RootElement;
        var listeners = JsonDocument.Parse((await server.RunAsync("get", "listeners", "-o", "json")).Stdout).RootElement;
        var members = JsonDocument.Parse((await server.RunAsync("get", "members", "-o", "json")).Stdout).RootElement;
        var instances = JsonDocument.Parse((await server.RunAsync("get", "instances", "-o", "json")).Stdout).RootElement;
        Assert.Equal(listeners[0].GetProperty("id").GetString(), pools[0].GetProperty("listener_id").GetString());
        Assert.Equal(2, members.GetArrayLength());
        Assert.Equal(instances[0].GetProperty("id").GetString(), members[0].GetProperty("instance_id").GetString());
    }

    [Fact]
    public async Task Apply_ChangedFields_UpdatesOnlyThem_AndShowsOldAndNew()
    {
        await using var server = await CliTestServer.StartAsync();
        Assert.Equal(0, (await server.ApplyAsync(FleetYaml.Web(8081, 8082))).ExitCode);
        var changed = FleetYaml.Web(8081, 8082, okWeight: 5).Replace("url_path: /health", "url_path: /ready", StringComparison.Ordinal);

        var run = await server.ApplyAsync(changed);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("~ update healthmonitor edge/web\n    url_path: /health -> /ready\n", run.Stdout);
        Assert.Contains("~ update member edge/web/web-ok\n    weight: 1 -> 5\n", run.Stdout);
        Assert.Contains("Plan: 0 to create, 2 to update, 0 to delete.", run.Stdout);
        var ok = JsonDocument.Parse((await server.RunAsync("get", "member", "web-ok", "-o", "json")).Stdout).RootElement;
        Assert.Equal(5, ok.GetProperty("weight").GetInt32());
        Assert.Contains("No changes", (await server.ApplyAsync(changed)).Stdout);
    }

    [Fact]
    public async Task Apply_RemovedMember_IsDeletedOnlyWithPrune_AndDryRunChangesNothing()
    {
        await using var server = await CliTestServer.StartAsync();
        Assert.Equal(0, (await server.ApplyAsync(FleetYaml.Web(8081, 8082))).ExitCode);
        var smaller = FleetYaml.Web(8081, 8082, withDown: false);

        var withoutPrune = await server.ApplyAsync(smaller);
        var dryRun = await server.ApplyAsync(smaller, "--prune", "--dry-run");
        var countAfterDryRun = JsonDocument.Parse((await server.RunAsync("get", "members", "-o", "json")).Stdout).RootElement.GetArrayLength();
        var prune = await server.ApplyAsync(smaller, "--prune");

        Assert.Contains("No changes", withoutPrune.Stdout);
        Assert.Contains("- delete member web-down (127.0.0.1:8082)", dryRun.Stdout);
        Assert.Contains("Dry run: nothing was changed.", dryRun.Stdout);
        Assert.Equal(2, countAfterDryRun);
        Assert.True(prune.ExitCode == 0, prune.Stderr);
        Assert.Contains("- delete member web-down", prune.Stdout);
        var members = JsonDocument.Parse((await server.RunAsync("get", "members", "-o", "json")).Stdout).RootElement;
        Assert.Equal("web-ok", Assert.Single(members.EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Apply_MovedMember_IsReplaced_NewOneCreatedThenOldOneDeleted()
    {
        await using var server = await CliTestServer.StartAsync();
        Assert.Equal(0, (await server.ApplyAsync(FleetYaml.Web(8081, 8082))).ExitCode);
        var before = JsonDocument.Parse((await server.RunAsync("get", "member", "web-down", "-o", "json")).Stdout).RootElement;
        var moved = FleetYaml.Web(8081, 8083).Replace("name: web-down\n              address: 127.0.0.1", "name: web-down\n              address: 127.0.0.2", StringComparison.Ordinal);
        Assert.Contains("127.0.0.2", moved, StringComparison.Ordinal);

        var dryRun = await server.ApplyAsync(moved, "--dry-run", "-o", "json");
        var run = await server.ApplyAsync(moved);
        var again = await server.ApplyAsync(moved);

        var plan = JsonDocument.Parse(dryRun.Stdout).RootElement;
        Assert.Equal("replace", Assert.Single(plan.GetProperty("changes").EnumerateArray()).GetProperty("action").GetString());
        Assert.Equal(1, plan.GetProperty("summary").GetProperty("replace").GetInt32());
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("-/+ replace member edge/web/web-down (127.0.0.2:8083)\n    address: 127.0.0.1 -> 127.0.0.2\n    protocol_port: 8082 -> 8083\n", run.Stdout);
        Assert.Contains("Plan: 0 to create, 0 to update, 1 to replace, 0 to delete.", run.Stdout);
        Assert.Contains("No changes", again.Stdout);
        var members = JsonDocument.Parse((await server.RunAsync("get", "members", "-o", "json")).Stdout).RootElement;
        Assert.Equal(2, members.GetArrayLength());
        var after = members.EnumerateArray().Single(m => m.GetProperty("name").GetString() == "web-down");
        Assert.Equal(("127.0.0.2", 8083), (after.GetProperty("address").GetString(), after.GetProperty("protocol_port").GetInt32()));
        Assert.NotEqual(before.GetProperty("id").GetString(), after.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Apply_MemberMovedOntoAnotherMembersEndpoint_IsRefusedBeforeAnyWrite()
    {
        await using var server = await CliTestServer.StartAsync();
        Assert.Equal(0, (await server.ApplyAsync(FleetYaml.Web(8081, 8082))).ExitCode);
        var members = (await server.RunAsync("get", "members", "-o", "json")).Stdout;

        // web-ok leaves the file (it stays on the server without --prune) and web-down moves onto its endpoint.
        var run = await server.ApplyAsync(FleetYaml.Web(8084, 8081).Replace("name: web-ok", "name: web-new", StringComparison.Ordinal));

        Assert.Equal(2, run.ExitCode);
        Assert.True(run.Stderr.Contains("members[1].address: 127.0.0.1:8081 is already member 'web-ok' of this pool", StringComparison.Ordinal), run.Stderr);
        Assert.Contains("nothing was changed", run.Stderr);
        Assert.Equal(members, (await server.RunAsync("get", "members", "-o", "json")).Stdout);
    }

    [Fact]
    public async Task Apply_RenamedListener_WithPrune_MovesThePoolAndDeletesTheOldListener()
    {
        await using var server = await CliTestServer.StartAsync();
        Assert.Equal(0, (await server.ApplyAsync(FleetYaml.Web(8081, 8082))).ExitCode);

        // Same port and protocol under a new name: the old listener must go before the new one can take the port,
        // which apply cannot order (creates run before deletes), so the server's 409 is reported with exit 2.
        var run = await server.ApplyAsync(FleetYaml.Web(8081, 8082, listenerName: "www"), "--prune");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("409", run.Stderr);
        Assert.Contains("apply stopped at create listener edge/www", run.Stderr);
    }

    [Fact]
    public async Task Apply_InvalidFile_ChangesNothing_AndNamesEveryProblemByPath()
    {
        await using var server = await CliTestServer.StartAsync();
        var bad = FleetYaml.Web(8081, 70000)
            .Replace("delay: 1", "delay: 0", StringComparison.Ordinal)
            .Replace("protocol: HTTP\n        protocol_port: 80", "protocl: HTTP\n        protocol_port: 80", StringComparison.Ordinal);

        var run = await server.ApplyAsync(bad);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nothing was changed", run.Stderr);
        Assert.Contains("loadbalancers[0].listeners[0].pool.health_monitor.delay: must be an integer from 1 to 50 (got 0)", run.Stderr);
        Assert.Contains("loadbalancers[0].listeners[0].pool.members[1].protocol_port: must be an integer from 1 to 65535 (got 70000)", run.Stderr);
        Assert.Contains("loadbalancers[0].listeners[0].protocl: is not a known field", run.Stderr);
        Assert.Contains("loadbalancers[0].listeners[0].protocol: is required", run.Stderr);
        Assert.Equal("[]", (await server.RunAsync("get", "loadbalancers", "-o", "json")).Stdout.Trim());
    }

    [Fact]
    public async Task Apply_MonitorTypeThePoolProtocolForbids_IsRefusedBeforeAnyWrite()
    {
        await using var server = await CliTestServer.StartAsync();
        var yaml = """
            loadbalancers:
              - name: dns
                listeners:
                  - name: udp
                    protocol: UDP
                    protocol_port: 53
                    pool: { name: dns, protocol: UDP, health_monitor: { type: TCP, delay: 5, timeout: 3, max_retries: 3 } }
            """;

        var run = await server.ApplyAsync(yaml);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("loadbalancers[0].listeners[0].pool.health_monitor.type: a pool of protocol UDP allows only UDP_CONNECT (got TCP)", run.Stderr);
        Assert.Equal("[]", (await server.RunAsync("get", "lb", "-o", "json")).Stdout.Trim());
    }

    [Fact]
    public async Task Apply_JsonFile_IsAccepted_AndDryRunJsonListsThePlan()
    {
        await using var server = await CliTestServer.StartAsync();
        var json = """{"loadbalancers": [{"name": "edge", "region": "eu-west-1"}]}""";

        var run = await server.ApplyAsync(json, "--dry-run", "-o", "json");

        Assert.Equal(0, run.ExitCode);
        var plan = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.True(plan.GetProperty("dry_run").GetBoolean());
        Assert.Equal("create", plan.GetProperty("changes")[0].GetProperty("action").GetString());
        Assert.Equal(1, plan.GetProperty("summary").GetProperty("create").GetInt32());
        Assert.Equal("[]", (await server.RunAsync("get", "lb", "-o", "json")).Stdout.Trim());
    }

    [Fact]
    public async Task Apply_TheDocumentedCompleteExample_PlansWhatTheDocsSay_AndIsIdempotent()
    {
        await using var server = await CliTestServer.StartAsync();
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "docs", "fleet-file.md")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var doc = await File.ReadAllTextAsync(Path.Combine(dir.FullName, "docs", "fleet-file.md"), TestContext.Current.CancellationToken);
        var example = doc[doc.IndexOf("## A complete example", StringComparison.Ordinal)..];
        var start = example.IndexOf("```yaml\n", StringComparison.Ordinal) + 8;
        var yaml = example[start..example.IndexOf("```", start, StringComparison.Ordinal)];

        var first = await server.ApplyAsync(yaml);
        var second = await server.ApplyAsync(yaml);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("Plan: 19 to create, 0 to update, 0 to delete.", first.Stdout);
        Assert.Contains("+ create member edge/api/api-1 (10.0.2.31:50051)", first.Stdout);
        Assert.Contains("No changes", second.Stdout);
    }
}
