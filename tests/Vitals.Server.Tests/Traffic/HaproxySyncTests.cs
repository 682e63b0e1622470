using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vitals.Control.Traffic.Haproxy;
using Vitals.Core.Monitoring;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Metrics;
using Vitals.Server.Tests.Support;
using Vitals.Testing;

namespace Vitals.Server.Tests.Traffic;

/// <summary>
/// The runtime API sync against Debian's real HAProxy on a unix socket: every verdict pushed and read back, a restart
/// repaired within a reconcile interval, servers added and deleted at runtime, the panic's kept members left serving.
/// </summary>
public sealed class HaproxySyncTests
{
    private const string Defaults = "defaults\n    mode http\n    timeout connect 2s\n    timeout client 30s\n    timeout server 30s\n\n";
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Sync_MixedPool_HaproxyShowsEveryVerdictAndTheBindingSaysSynced()
    {
        await using var ok = FleetBackends.Ok();
        await using var failing = FleetBackends.Error500();
        await using var haproxy = await StartHaproxyAsync("backend edge_web\n    balance roundrobin\n"
            + $"    server good 127.0.0.1:{ok.Port}\n    server bad 127.0.0.1:{failing.Port}\n"
            + $"    server drained 127.0.0.2:{ok.Port}\n    server off 127.0.0.3:{ok.Port}\n");
        await using var server = await StartServerAsync(haproxy);
        var (projectId, client) = await server.CreateProjectAsync();
        using var _ = client;
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync("edge");
        var pool = await fleet.PoolAsync(lb, name: "web");
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var good = await fleet.MemberAsync(pool, ok.Port, weight: 40, name: "good");
        var bad = await fleet.MemberAsync(pool, failing.Port, name: "bad");
        await fleet.MemberAsync(pool, ok.Port, weight: 0, address: "127.0.0.2", name: "drained");
        var off = await fleet.MemberAsync(pool, ok.Port, address: "127.0.0.3", name: "off");
        await fleet.UpdateMemberAsync(off with { AdminStateUp = false });
        await FleetWait.StateAsync(client, good.Id, "Healthy");
        await FleetWait.StateAsync(client, bad.Id, "Unhealthy");

        var binding = await client.CreateAsync("/api/v1/haproxy-bindings", new { name = "box-1", loadbalancer_id = lb.Id, runtime_api = haproxy.SocketPath });

        var states = await UntilAsync(haproxy, "edge_web", s => s.Count == 4
            && s["good"] is { IsUp: true, IsMaint: false, IsDrain: false, UserWeight: 40 }
            && s["bad"] is { IsUp: false, IsMaint: false } && s["drained"].IsDrain && s["off"].IsMaint);
        Assert.Equal(HaproxyOperationalState.Stopped, states["bad"].OperationalState);
        Assert.False(states["bad"].IsMaint);   // DOWN by health, not hidden in maintenance
        var sync = await SyncAsync(client, binding.Id, s => s.GetProperty("state").GetString() == "synced" && s.GetProperty("confirmed").GetBoolean());
        Assert.Equal((4, 0), (sync.GetProperty("servers").GetInt32(), sync.GetProperty("mismatched").GetInt32()));
        Assert.StartsWith("2.", sync.GetProperty("haproxy_version").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, sync.GetProperty("error").ValueKind);

        var metrics = await MetricsScrape.GetAsync(client);
        double Metric(string name) => Assert.Single(metrics.Samples, s => s.Name == name && s["binding"] == binding.Id).Value;
        Assert.Equal((1, 1, 4, 0), (Metric("vitals_lb_sync_up"), Metric("vitals_lb_sync_confirmed"), Metric("vitals_lb_sync_servers"),
            Metric("vitals_lb_sync_mismatched_servers")));
        Assert.Equal("summary", metrics.Types["vitals_lb_sync_lag_seconds"]);
        var sample = Assert.Single(metrics.Samples, s => s.Name == "vitals_lb_sync_up");
        Assert.Equal((projectId, lb.Id), (sample["project"], sample["loadbalancer"]));
    }

    [Fact]
    public async Task Sync_HaproxyRestarted_GetsItsStatesBackWithinAReconcileInterval()
    {
        await using var ok = FleetBackends.Ok();
        var closed = FleetBackends.ClosedPort();
        await using var haproxy = await StartHaproxyAsync($"backend lb_pool\n    balance roundrobin\n    server up 127.0.0.1:{ok.Port}\n    server down 127.0.0.1:{closed}\n");
        await using var server = await StartServerAsync(haproxy);
        var (projectId, client) = await server.CreateProjectAsync();
        using var _ = client;
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync();
        var pool = await fleet.PoolAsync(lb);
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        await fleet.MemberAsync(pool, ok.Port, name: "up");
        var down = await fleet.MemberAsync(pool, closed, name: "down");
        await FleetWait.StateAsync(client, down.Id, "Unhealthy");
        await client.CreateAsync("/api/v1/haproxy-bindings", new { loadbalancer_id = lb.Id, runtime_api = haproxy.SocketPath });
        await UntilAsync(haproxy, "lb_pool", s => s.Count == 2 && !s["down"].IsUp);

        await haproxy.RestartAsync(TestContext.Current.CancellationToken);
        var restarted = Stopwatch.GetTimestamp();
        var fresh = await StateAsync(haproxy, "lb_pool");
        var repaired = await UntilAsync(haproxy, "lb_pool", s => s.Count == 2 && !s["down"].IsUp);
        var took = Stopwatch.GetElapsedTime(restarted);

        Assert.True(fresh["down"].IsUp, "a restarted HAProxy starts with every server up (no check of its own)");
        Assert.True(repaired["up"].IsUp);
        Assert.InRange(took, TimeSpan.Zero, Interval * 2 + TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Sync_ManageServers_AddsMembersAsServersAndDeletesThemWithTheMember()
    {
        await using var ok = FleetBackends.Ok();
        await using var haproxy = await StartHaproxyAsync("backend dyn\n    balance roundrobin\n");
        await using var server = await StartServerAsync(haproxy);
        var (projectId, client) = await server.CreateProjectAsync();
        using var _ = client;
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync();
        var pool = await fleet.PoolAsync(lb);
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var first = await fleet.MemberAsync(pool, ok.Port, weight: 7);
        var second = await fleet.MemberAsync(pool, FleetBackends.ClosedPort(), address: "127.0.0.2");
        await FleetWait.StateAsync(client, first.Id, "Healthy");
        await FleetWait.StateAsync(client, second.Id, "Unhealthy");
        await client.CreateAsync("/api/v1/haproxy-bindings", new
        {
            loadbalancer_id = lb.Id, runtime_api = haproxy.SocketPath, manage_servers = true,
            backends = new Dictionary<string, string> { [pool.Id] = "dyn" },
        });

        var added = await UntilAsync(haproxy, "dyn", s => s.Count == 2 && s.TryGetValue(first.Id, out var a) && a.IsUp && !a.IsMaint
            && s.TryGetValue(second.Id, out var b) && !b.IsUp && !b.IsMaint);
        await fleet.DeleteMemberAsync(second);
        var after = await UntilAsync(haproxy, "dyn", s => s.Count == 1);

        Assert.Equal(("127.0.0.1", ok.Port, 7), (added[first.Id].Address, added[first.Id].Port, added[first.Id].UserWeight));
        Assert.Equal(first.Id, Assert.Single(after.Keys));
    }

    [Fact]
    public async Task Sync_PoolInPanic_KeepsTheLeastBadMemberServing()
    {
        var closed = FleetBackends.ClosedPort();
        await using var haproxy = await StartHaproxyAsync(
            $"backend lb_pool\n    balance roundrobin\n    server a 127.0.0.1:{closed}\n    server b 127.0.0.2:{closed}\n");
        await using var server = await StartServerAsync(haproxy);
        var (projectId, client) = await server.CreateProjectAsync();
        using var _ = client;
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync();
        var pool = await fleet.PoolAsync(lb);
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var a = await fleet.MemberAsync(pool, closed, name: "a");
        var b = await fleet.MemberAsync(pool, closed, address: "127.0.0.2", name: "b");
        await FleetWait.StateAsync(client, a.Id, "Unhealthy");
        await FleetWait.StateAsync(client, b.Id, "Unhealthy");
        await client.CreateAsync("/api/v1/haproxy-bindings", new { loadbalancer_id = lb.Id, runtime_api = haproxy.SocketPath });
        await UntilAsync(haproxy, "lb_pool", s => s.Count == 2 && !s["a"].IsUp && !s["b"].IsUp);

        var put = await client.ApiPutAsync($"/api/v1/pools/{pool.Id}", new { min_healthy_percent = 50 });
        Assert.Equal(HttpStatusCode.OK, put.Status);
        var panic = await UntilAsync(haproxy, "lb_pool", s => s.Count == 2 && s.Values.Count(v => v.IsUp) == 1);

        var rotation = await FleetWait.GetAsync(client, $"/api/v1/rotation?pool_id={pool.Id}");
        var kept = Assert.Single(rotation.GetProperty("pools")[0].GetProperty("panic").GetProperty("kept").EnumerateArray()).GetString();
        var keptName = kept == a.Id ? "a" : "b";
        Assert.True(panic[keptName].IsUp);
    }

    [Fact]
    public async Task Sync_SocketNobodyListensOn_TheBindingSaysErrorWithTheReason()
    {
        var dir = Directory.CreateTempSubdirectory("vitals-sync-");
        try
        {
            await using var server = await RunningServer.StartAsync(Fast, options: o => o.AllowSockets = [dir.FullName]);
            var (projectId, client) = await server.CreateProjectAsync();
            using var _ = client;
            var fleet = new FleetSeeder(server, projectId);
            var lb = await fleet.LoadBalancerAsync();
            var binding = await client.CreateAsync("/api/v1/haproxy-bindings", new { loadbalancer_id = lb.Id, runtime_api = Path.Combine(dir.FullName, "none.sock") });

            var sync = await SyncAsync(client, binding.Id, s => s.GetProperty("state").GetString() == "error");

            Assert.False(sync.GetProperty("confirmed").GetBoolean());
            Assert.Contains("none.sock", sync.GetProperty("error").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void Fast(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton(new HaproxySyncOptions { ReconcileInterval = Interval }));

    private static Task<RunningServer> StartServerAsync(HaproxyProcess haproxy) =>
        RunningServer.StartAsync(Fast, options: o => o.AllowSockets = [haproxy.Directory]);

    private static Task<HaproxyProcess> StartHaproxyAsync(string backends)
    {
        if (!HaproxyProcess.IsInstalled)
        {
            Assert.Skip("haproxy is not installed (eng/install-test-deps.sh installs it)");
        }

        return HaproxyProcess.StartAsync(Defaults + backends, cancellationToken: TestContext.Current.CancellationToken);
    }

    private static async Task<Dictionary<string, HaproxyServerState>> StateAsync(HaproxyProcess haproxy, string backend)
    {
        var client = new HaproxyRuntimeClient(HaproxyEndpoint.Unix(haproxy.SocketPath));
        var rows = await client.ShowServersStateAsync(backend, TestContext.Current.CancellationToken);
        return rows.ToDictionary(r => r.ServerName, StringComparer.Ordinal);
    }

    /// <summary>Reads the backend every 50 ms until <paramref name="until"/> holds (at most 20 s).</summary>
    private static async Task<Dictionary<string, HaproxyServerState>> UntilAsync(HaproxyProcess haproxy, string backend,
        Func<Dictionary<string, HaproxyServerState>, bool> until)
    {
        var started = Stopwatch.GetTimestamp();
        var states = await StateAsync(haproxy, backend);
        while (!until(states))
        {
            if (Stopwatch.GetElapsedTime(started) > Limit)
            {
                Assert.Fail($"HAProxy's {backend} did not reach the state in {Limit.TotalSeconds} s: "
                    + string.Join(", ", states.Values.Select(s => $"{s.ServerName} op={s.OperationalState} admin={s.AdminState} w={s.UserWeight}"))
                    + $"\n{haproxy.Log}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
            states = await StateAsync(haproxy, backend);
        }

        return states;
    }

    private static async Task<JsonElement> SyncAsync(HttpClient client, string bindingId, Func<JsonElement, bool> until)
    {
        var binding = await FleetWait.UntilAsync(client, $"/api/v1/haproxy-bindings/{bindingId}",
            b => b.GetProperty("sync").ValueKind == JsonValueKind.Object && until(b.GetProperty("sync")));
        return binding.GetProperty("sync");
    }
}
