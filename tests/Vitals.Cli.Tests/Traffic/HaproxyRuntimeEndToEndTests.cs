using Vitals.Cli.Tests.Support;
using Vitals.Control.Traffic.Haproxy;
using static Vitals.Cli.Tests.Traffic.HaproxyEndToEnd;
using static Vitals.Cli.Tests.Traffic.HaproxyTrafficRun;

namespace Vitals.Cli.Tests.Traffic;

/// <summary>
/// The closed loop through the runtime API with the real HAProxy 2.6 and client traffic on loopback: HAProxy runs the
/// configuration <c>vitals export haproxy --standalone</c> writes, without HAProxy's own checks (its servers are named
/// after the members), a binding ties the load balancer to its admin socket, and Vitals' verdicts alone decide which
/// backend takes the requests, through a backend failing and recovering and HAProxy restarted mid-run.
/// </summary>
public sealed class HaproxyRuntimeEndToEndTests
{
    /// <summary>The product's default reconcile interval: the test runs the sync as shipped.</summary>
    private static readonly TimeSpan Interval = new HaproxySyncOptions().ReconcileInterval;

    [Fact]
    public async Task RuntimeApi_BackendFailsRecoversAndHaproxyRestarts_ClientsSeeNoErrorAfterPropagation_APanicPoolKeepsServing()
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
        await using var server = await CliTestServer.StartAsync();
        using var rest = new VitalsRest(server);
        int webPort = LoopbackPorts.Closed(), safePort = LoopbackPorts.Closed();
        var applied = await server.ApplyAsync(Fleet(webPort, safePort, [a, b, c], [p1, p2]));
        Assert.True(applied.ExitCode == 0, applied.Stderr);
        await server.WaitForStatusAsync(static s => new[] { "a", "b", "c" }.All(n => CliTestServer.StateOf(s, n) == "Healthy")
            && new[] { "p1", "p2" }.All(n => CliTestServer.StateOf(s, n) == "Unhealthy"));
        var (webPool, lb) = await rest.PoolAsync("web");
        await using var haproxy = await StartHaproxyAsync(await ExportAsync(server));
        // HAProxy's TCP admin socket on loopback (the test server allows 127.0.0.0/8 as targets): no --allow-sockets needed.
        var binding = await rest.CreateBindingAsync(lb, haproxy.TcpAdmin!.ToString());
        await UntilAsync(haproxy, "edge_safe", static s => Exactly(s, ["p1", "p2"], []), "p1 and p2 down");

        await using var run = new HaproxyTrafficRun(haproxy, rest, webPool, webPort, "runtime API");
        await run.AllServeAsync();

        // b fails: Vitals' verdict wakes the sync, which pushes 'health down' at once; the reconcile interval is the
        // worst case (a missed wake is caught by the next reconcile).
        var propagation = Interval;
        await run.BackendFailsAsync(b, propagation);

        // HAProxy restarted while b fails: it starts from its configuration (b up again, no check of its own) until
        // the next reconcile finds the difference and sends it again.
        var restartAt = run.Traffic.Elapsed;
        await haproxy.RestartAsync(TestContext.Current.CancellationToken);
        var answeringAt = run.Traffic.Elapsed;
        await UntilAsync(haproxy, "edge_web", static s => Exactly(s, ["a", "b", "c"], ["a", "c"]), "b down again after the restart");
        var reappliedAt = run.Traffic.Elapsed;
        // The loop is sequential: once a request that started after the re-apply is answered, none is on its way to b.
        await run.Traffic.WaitForAsync(r => r.Start > reappliedAt, "a request after the re-apply");
        var servedAtReapply = b.Served;
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        var quietUntil = run.Traffic.Elapsed;

        var reapply = reappliedAt - answeringAt;
        // The one request in flight when HAProxy was killed started a moment before: it belongs to the restart window.
        var windowStart = restartAt - TimeSpan.FromSeconds(1);
        var down = run.Traffic.Between(windowStart, answeringAt);
        var stale = run.Traffic.Between(answeringAt, reappliedAt);
        var sync = await rest.SyncAsync(binding);
        run.Print($"restart: HAProxy down for {Ms(answeringAt - restartAt)} ({down.Count(static r => r.Status == 0)} connections refused or reset "
            + $"while no HAProxy listened, expected and counted apart; {down.Count(static r => r.Status == 500)} 500s from b), b DOWN again {Ms(reapply)} after HAProxy answered "
            + $"(bound interval {Interval.TotalSeconds} s + margin {Margin.TotalSeconds} s); meanwhile {stale.Count(static r => r.Status != 200)} "
            + $"client errors (b's 500s) of {stale.Count}; sync lag p50 {sync?.GetProperty("lag_p50_ms")} ms, p99 {sync?.GetProperty("lag_p99_ms")} ms");
        Assert.True(reapply <= Interval + Margin, $"b's DOWN came back {Ms(reapply)} after the restart, more than {Ms(Interval + Margin)}");
        Assert.All(down, static r => Assert.True(r.Status is 0 or 200 || (r.Status == 500 && r.Body == "b"), $"during the restart: {r}"));
        Assert.All(stale, static r => Assert.True(r.Status == 200 || (r.Status == 500 && r.Body == "b"), $"before the re-apply: {r}"));
        var after = run.Traffic.Between(reappliedAt, quietUntil);
        Assert.True(after.Count >= 20, $"only {after.Count} requests after the re-apply");
        Assert.All(after, static r => Assert.True(r.Status == 200 && r.Body != "b", $"after the re-apply: {r}"));
        Assert.Equal(servedAtReapply, b.Served);

        await run.BackendRecoversAsync(b, propagation);
        var total = await run.Traffic.StopAsync();
        Assert.All(total, r => Assert.True(r.Status is 200 or 500 || (r.Status == 0 && r.Start >= windowStart && r.Start <= answeringAt), $"unexpected: {r}"));

        await run.PanicPoolKeepsServingAsync(safePort, [p1, p2]);
        var final = await rest.SyncAsync(binding);
        Assert.Equal("synced", final?.GetProperty("state").GetString());
    }
}
