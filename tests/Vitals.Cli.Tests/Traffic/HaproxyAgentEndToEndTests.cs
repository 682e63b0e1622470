using Microsoft.Extensions.DependencyInjection;
using Vitals.Cli.Tests.Support;
using Vitals.Control.Traffic;
using static Vitals.Cli.Tests.Traffic.HaproxyEndToEnd;

namespace Vitals.Cli.Tests.Traffic;

/// <summary>
/// The closed loop through the agent check with the real HAProxy 2.6 and client traffic on loopback: HAProxy runs
/// <c>vitals export haproxy --standalone --agent …</c> without its own checks, asks Vitals' agent responder for each
/// server every <c>agent-inter</c>, and Vitals' verdicts alone decide which backend takes the requests.
/// </summary>
public sealed class HaproxyAgentEndToEndTests
{
    [Fact]
    public async Task Agent_BackendFailsAndRecovers_ClientsSeeNoErrorAfterPropagation_APanicPoolKeepsServing()
    {
        if (AgentTestHaproxy.WhyNot() is { } why)
        {
            Assert.Skip(why);
        }

        await using var a = new NamedHttpBackend("a");
        await using var b = new NamedHttpBackend("b");
        await using var c = new NamedHttpBackend("c");
        await using var p1 = new NamedHttpBackend("p1") { HealthFailing = true };
        await using var p2 = new NamedHttpBackend("p2") { HealthFailing = true };
        await using var server = await CliTestServer.StartAsync(static o => o.AgentListen = "127.0.0.1:0");
        var agent = server.Services.GetRequiredService<AgentResponder>().LocalEndPoint!;
        using var rest = new VitalsRest(server);
        int webPort = LoopbackPorts.Closed(), safePort = LoopbackPorts.Closed();
        var applied = await server.ApplyAsync(Fleet(webPort, safePort, [a, b, c], [p1, p2]));
        Assert.True(applied.ExitCode == 0, applied.Stderr);
        await server.WaitForStatusAsync(static s => new[] { "a", "b", "c" }.All(n => CliTestServer.StateOf(s, n) == "Healthy")
            && new[] { "p1", "p2" }.All(n => CliTestServer.StateOf(s, n) == "Unhealthy"));
        var (webPool, _) = await rest.PoolAsync("web");
        var configuration = await ExportAsync(server, "--agent", $"127.0.0.1:{agent.Port}");
        Assert.Contains($"agent-inter {Delay}s", configuration, StringComparison.Ordinal);
        await using var haproxy = await StartHaproxyAsync(configuration);
        await UntilAsync(haproxy, "edge_safe", static s => Exactly(s, ["p1", "p2"], []), "p1 and p2 down by the agent");

        await using var run = new HaproxyTrafficRun(haproxy, rest, webPool, webPort, "agent");
        await run.AllServeAsync();

        // HAProxy asks the agent every agent-inter (the monitor's delay): the verdict reaches it within one.
        var propagation = TimeSpan.FromSeconds(Delay);
        await run.BackendFailsAsync(b, propagation);
        await run.BackendRecoversAsync(b, propagation);
        var total = await run.Traffic.StopAsync();
        Assert.All(total, static r => Assert.True(r.Status == 200 || (r.Status == 500 && r.Body == "b"), $"unexpected: {r}"));

        await run.PanicPoolKeepsServingAsync(safePort, [p1, p2]);
    }
}
