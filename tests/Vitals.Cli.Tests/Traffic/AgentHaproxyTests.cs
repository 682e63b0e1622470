using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Vitals.Cli.Tests.Support;
using Vitals.Control.Traffic;
using static Vitals.Cli.Tests.Traffic.AgentFleetYaml;

namespace Vitals.Cli.Tests.Traffic;

/// <summary>
/// <c>vitals export haproxy --agent</c> and the agent-check responder against the real HAProxy: every exported configuration
/// passes <c>haproxy -c</c>, and an HAProxy whose servers only the agent drives follows Vitals' verdicts.
/// </summary>
public sealed partial class AgentHaproxyTests
{
    [Fact]
    public async Task ExportAgent_EveryServerAsksTheAgent_WithWeight100_WithAndWithoutStandalone_HaproxyAccepts()
    {
        if (AgentTestHaproxy.WhyNot() is { } why)
        {
            Assert.Skip(why);
        }

        await using var server = await CliTestServer.StartAsync();
        var applied = await server.ApplyAsync(Web(LoopbackPorts.Closed(), monitor: true, new Backend(8081, Weight: 30),
            new Backend(8082, Weight: 0), new Backend(8083, On: false)));
        Assert.True(applied.ExitCode == 0, applied.Stderr);
        var ids = await MemberIdsAsync(server);

        var standalone = await server.RunAsync("export", "haproxy", "--standalone", "--stats-socket", "/tmp/vitals-agent-test.sock",
            "--agent", "127.0.0.1:5555");
        var backends = await server.RunAsync("export", "haproxy", "web", "--agent", "10.1.2.3:7000");

        Assert.True(standalone.ExitCode == 0, standalone.Stderr);
        Assert.True(backends.ExitCode == 0, backends.Stderr);
        // weight 100 whatever the member's weight (the agent sends it as a percentage); no 'disabled' (the agent says maint).
        Assert.Contains($"    server web-1 127.0.0.1:8081 check weight 100 agent-check agent-addr 127.0.0.1 agent-port 5555 agent-send \"{ids["web-1"]}\\n\" agent-inter 1s\n", standalone.Stdout, StringComparison.Ordinal);
        Assert.Contains($"    server web-2 127.0.0.1:8082 check weight 100 agent-check agent-addr 127.0.0.1 agent-port 5555 agent-send \"{ids["web-2"]}\\n\" agent-inter 1s\n", standalone.Stdout, StringComparison.Ordinal);
        Assert.Contains($"    server web-3 127.0.0.1:8083 check weight 100 agent-check agent-addr 127.0.0.1 agent-port 5555 agent-send \"{ids["web-3"]}\\n\" agent-inter 1s\n", standalone.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("disabled", standalone.Stdout, StringComparison.Ordinal);
        Assert.Contains("agent-check agent-addr 10.1.2.3 agent-port 7000", backends.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("frontend", backends.Stdout, StringComparison.Ordinal);
        await AgentTestHaproxy.AssertAcceptsAsync(standalone.Stdout);
        // Backends alone have no listener, which haproxy -c refuses: a frontend that uses them.
        await AgentTestHaproxy.AssertAcceptsAsync("defaults\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n"
            + $"frontend probe\n    mode http\n    bind 127.0.0.1:{LoopbackPorts.Closed()}\n    default_backend edge_web\n" + backends.Stdout);
    }

    [Fact]
    public async Task ExportAgent_PoolWithoutMonitor_AgentEveryTwoSeconds_HaproxyAccepts()
    {
        if (AgentTestHaproxy.WhyNot() is { } why)
        {
            Assert.Skip(why);
        }

        await using var server = await CliTestServer.StartAsync();
        var applied = await server.ApplyAsync(Web(LoopbackPorts.Closed(), monitor: false, new Backend(8081, Weight: 5)));
        Assert.True(applied.ExitCode == 0, applied.Stderr);
        var ids = await MemberIdsAsync(server);

        var run = await server.RunAsync("export", "haproxy", "--standalone", "--stats-socket", "/tmp/vitals-agent-test.sock",
            "--agent", "127.0.0.1:5555");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"    server web-1 127.0.0.1:8081 weight 100 agent-check agent-addr 127.0.0.1 agent-port 5555 agent-send \"{ids["web-1"]}\\n\" agent-inter 2s\n", run.Stdout, StringComparison.Ordinal);
        await AgentTestHaproxy.AssertAcceptsAsync(run.Stdout);
    }

    [Fact]
    public async Task ExportAgent_PoolSwitchedOff_BackendNotDisabled_TheAgentSaysMaint_HaproxyAccepts()
    {
        if (AgentTestHaproxy.WhyNot() is { } why)
        {
            Assert.Skip(why);
        }

        await using var server = await CliTestServer.StartAsync();
        var yaml = Web(LoopbackPorts.Closed(), monitor: true, new Backend(8081));
        var off = yaml.Replace("      protocol: HTTP\n          health_monitor:", "      protocol: HTTP\n          admin_state_up: false\n          health_monitor:",
            StringComparison.Ordinal);
        Assert.NotEqual(yaml, off);
        var applied = await server.ApplyAsync(off);
        Assert.True(applied.ExitCode == 0, applied.Stderr);

        var plain = await server.RunAsync("export", "haproxy", "--standalone", "--stats-socket", "/tmp/vitals-agent-test.sock");
        var agent = await server.RunAsync("export", "haproxy", "--standalone", "--stats-socket", "/tmp/vitals-agent-test.sock",
            "--agent", "127.0.0.1:5555");

        Assert.True(plain.ExitCode == 0, plain.Stderr);
        Assert.True(agent.ExitCode == 0, agent.Stderr);
        Assert.Contains("backend edge_web\n    mode http\n    balance roundrobin\n    disabled\n", plain.Stdout, StringComparison.Ordinal);
        Assert.Contains("backend edge_web\n    mode http\n    balance roundrobin\n    # the pool is switched off: Vitals' agent check keeps every server in maintenance\n",
            agent.Stdout, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^\s+disabled$", agent.Stdout);
        await AgentTestHaproxy.AssertAcceptsAsync(agent.Stdout);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("agent.example.com:5555")]
    [InlineData("::1:5555")]
    public async Task ExportAgent_NotAddressPort_IsAUsageError(string agent)
    {
        await using var server = await CliTestServer.StartAsync();

        var run = await server.RunAsync("export", "haproxy", "--agent", agent);

        Assert.Equal(ExitCodes.InvalidUsage, run.ExitCode);
        Assert.Contains($"--agent '{agent}' must be ADDRESS:PORT", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task AgentOnly_RealHaproxy_FollowsVitals_Up_Down_Up_Drain_Maint_Ready()
    {
        if (AgentTestHaproxy.WhyNot() is { } why)
        {
            Assert.Skip(why);
        }

        await using var web1 = new SwitchableBackend();
        await using var web2 = new SwitchableBackend();
        await using var web3 = new SwitchableBackend();
        await using var server = await CliTestServer.StartAsync(static o => o.AgentListen = "127.0.0.1:0");
        var agent = server.Services.GetRequiredService<AgentResponder>().LocalEndPoint!;
        var front = LoopbackPorts.Closed();
        Backend[] fleet = [new(web1.Port), new(web2.Port), new(web3.Port, Weight: 50)];
        Assert.Equal(0, (await server.ApplyAsync(Web(front, monitor: true, fleet))).ExitCode);
        await server.WaitForStatusAsync(static s => Enumerable.Range(1, 3).All(i => CliTestServer.StateOf(s, $"web-{i}") == "Healthy"));
        var dir = Directory.CreateTempSubdirectory("vitals-agent-haproxy-").FullName;
        try
        {
            var socket = Path.Combine(dir, "admin.sock");
            var export = await server.RunAsync("export", "haproxy", "--standalone", "--bind", "127.0.0.1", "--stats-socket", socket,
                "--agent", $"127.0.0.1:{agent.Port}");
            Assert.True(export.ExitCode == 0, export.Stderr);
            var configuration = AgentOnly(export.Stdout);
            Assert.DoesNotMatch(@"(?m)^    server .* check ", configuration);
            await using var haproxy = await AgentTestHaproxy.StartAsync(configuration, dir, socket);

            // Healthy: UP, and the agent has spoken (its weight 50 % of 100 for web-3).
            var up = await haproxy.UntilAsync("edge_web", static s => s.Count == 3
                && s.Values.All(static row => IsUp(row) && row["agent_status"] == "L7OK")
                && s["web-3"]["weight"] == "50");
            Assert.Equal("100", up["web-1"]["weight"]);
            Assert.All((await haproxy.ServersStateAsync("edge_web")).Values, static row => Assert.Equal(("2", "0"), (row["srv_op_state"], row["srv_admin_state"])));

            // One backend answers 500: Vitals says down with its reason, HAProxy marks it DOWN and shows why.
            web2.Failing = true;
            var down = await haproxy.UntilAsync("edge_web", static s => s["web-2"]["status"].StartsWith("DOWN", StringComparison.Ordinal));
            Assert.Contains("HTTP_CODE_NOT_MATCH", down["web-2"]["last_agt"], StringComparison.Ordinal);
            Assert.Equal("0", (await haproxy.ServersStateAsync("edge_web"))["web-2"]["srv_op_state"]);
            Assert.True(IsUp(down["web-1"]), AgentTestHaproxy.Describe(down));
            Assert.True(IsUp(down["web-3"]), AgentTestHaproxy.Describe(down));

            // Back to 200: UP again.
            web2.Failing = false;
            await haproxy.UntilAsync("edge_web", static s => IsUp(s["web-2"]));

            // Weight 0 in Vitals: DRAIN.
            fleet[0] = fleet[0] with { Weight = 0 };
            Assert.Equal(0, (await server.ApplyAsync(Web(front, monitor: true, fleet))).ExitCode);
            await haproxy.UntilAsync("edge_web", static s => s["web-1"]["status"].StartsWith("DRAIN", StringComparison.Ordinal));
            Assert.Equal("8", (await haproxy.ServersStateAsync("edge_web"))["web-1"]["srv_admin_state"]); // forced drain

            // Switched off: MAINT; switched on again with its weight back: the agent takes its own maintenance back.
            fleet[2] = fleet[2] with { On = false };
            Assert.Equal(0, (await server.ApplyAsync(Web(front, monitor: true, fleet))).ExitCode);
            await haproxy.UntilAsync("edge_web", static s => s["web-3"]["status"].StartsWith("MAINT", StringComparison.Ordinal));
            Assert.Equal("1", (await haproxy.ServersStateAsync("edge_web"))["web-3"]["srv_admin_state"]); // forced maintenance
            fleet[2] = fleet[2] with { On = true };
            fleet[0] = fleet[0] with { Weight = 100 };
            Assert.Equal(0, (await server.ApplyAsync(Web(front, monitor: true, fleet))).ExitCode);
            await haproxy.UntilAsync("edge_web", static s => s.Values.All(IsUp));
            var back = await haproxy.ServersStateAsync("edge_web");
            Assert.All(back.Values, static row => Assert.Equal(("2", "0"), (row["srv_op_state"], row["srv_admin_state"])));
            Assert.Equal(("100", "100", "50"), (back["web-1"]["srv_uweight"], back["web-2"]["srv_uweight"], back["web-3"]["srv_uweight"]));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task UnknownMember_RealHaproxy_ReportsTheErrorAndKeepsTheServerAsItIs()
    {
        if (AgentTestHaproxy.WhyNot() is { } why)
        {
            Assert.Skip(why);
        }

        await using var web1 = new SwitchableBackend();
        await using var server = await CliTestServer.StartAsync(static o => o.AgentListen = "127.0.0.1:0");
        var agent = server.Services.GetRequiredService<AgentResponder>().LocalEndPoint!;
        Assert.Equal(0, (await server.ApplyAsync(Web(LoopbackPorts.Closed(), monitor: true, new Backend(web1.Port)))).ExitCode);
        var dir = Directory.CreateTempSubdirectory("vitals-agent-haproxy-").FullName;
        try
        {
            var socket = Path.Combine(dir, "admin.sock");
            var export = await server.RunAsync("export", "haproxy", "--standalone", "--stats-socket", socket, "--agent", $"127.0.0.1:{agent.Port}");
            Assert.True(export.ExitCode == 0, export.Stderr);
            // A server HAProxy knows and Vitals does not: a misconfigured agent-send.
            var configuration = SendAgentId().Replace(AgentOnly(export.Stdout), "agent-send \"no-such-member\\n\"");
            await using var haproxy = await AgentTestHaproxy.StartAsync(configuration, dir, socket);

            var seen = await haproxy.UntilAsync("edge_web", static s => s.Count == 1
                && s["web-1"]["last_agt"].Contains("unknown-member", StringComparison.Ordinal));
            await Task.Delay(TimeSpan.FromSeconds(2.5), TestContext.Current.CancellationToken); // two more agent checks
            var after = await haproxy.ServersAsync("edge_web");

            Assert.Equal("agent reports an error : unknown-member", seen["web-1"]["last_agt"]);
            Assert.True(IsUp(after["web-1"]), AgentTestHaproxy.Describe(after));
            Assert.Equal("100", after["web-1"]["weight"]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// Up and ready: HAProxy's <c>show stat</c> says <c>UP</c>, or <c>no check</c> for a running server with only the agent
    /// (stats_fill_sv_computestate: UP without a health check is reported so), never for a stopped one (<c>DOWN (agent)</c>).
    /// </summary>
    private static bool IsUp(Dictionary<string, string> row) => row["status"] is "UP" or "no check";

    /// <summary>The configuration without HAProxy's own checks on the servers: only the agent drives them.</summary>
    private static string AgentOnly(string configuration) => OwnCheck().Replace(configuration, "");

    [GeneratedRegex(@"(?<=^    server \S+ \S+) check( check-ssl verify none( check-sni \S+)?)?( port \d+)?", RegexOptions.Multiline | RegexOptions.ExplicitCapture)]
    private static partial Regex OwnCheck();

    [GeneratedRegex("agent-send \"[^\"]*\"")]
    private static partial Regex SendAgentId();

    /// <summary>Member name → id, through <c>vitals get members -o json</c>.</summary>
    private static async Task<Dictionary<string, string>> MemberIdsAsync(CliTestServer server)
    {
        var run = await server.RunAsync("get", "members", "-o", "json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var doc = JsonDocument.Parse(run.Stdout);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var items = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement : doc.RootElement.GetProperty("members");
        foreach (var member in items.EnumerateArray())
        {
            ids[member.GetProperty("name").GetString()!] = member.GetProperty("id").GetString()!;
        }

        return ids;
    }
}
