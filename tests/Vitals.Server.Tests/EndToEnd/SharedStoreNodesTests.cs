using System.Diagnostics;
using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vitals.Control.Cluster;
using Vitals.Control.Fleet;
using Vitals.Control.Health;
using Vitals.Engine;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Dialects.Huawei;
using Vitals.Server.Tests.Support;
using Vitals.Storage;
using Vitals.Storage.Postgres;
using Vitals.Testing;
using static Vitals.Server.Tests.EndToEnd.EndToEndFleet;

namespace Vitals.Server.Tests.EndToEnd;

/// <summary>
/// Two real servers on one real PostgreSQL database (docs/storage.md, "Several nodes"): a change made through either
/// reaches the other within a bounded wait, and the other checks the members itself against real loopback backends.
/// </summary>
public sealed class SharedStoreNodesTests(PostgresClusterFixture fixture)
{
    private const string NodeA = "node-a";
    private const string NodeB = "node-b";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NativeApiChanges_MadeOnEitherNode_ReachTheOther()
    {
        var recorderA = new RecordingFleetObserver();
        await RunAsync(recorderA, async (a, b, _) =>
        {
            var (_, clientA) = await a.CreateProjectAsync("shared");
            using var _clientA = clientA;
            using var clientB = b.WithToken(clientA.DefaultRequestHeaders.Authorization!.Parameter!);
            await using var backend = FleetBackends.Ok();
            var lb = (await clientA.CreateAsync("/api/v1/loadbalancers", new { name = "edge" })).Id;
            var listener = (await clientA.CreateAsync("/api/v1/listeners", new { loadbalancer_id = lb, protocol = "HTTP", protocol_port = 80 })).Id;
            var pool = (await clientA.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb, listener_id = listener, protocol = "HTTP" })).Id;
            await clientA.CreateAsync("/api/v1/healthmonitors", HttpMonitor(pool));
            var member = await MemberAsync(clientA, pool, backend.Port, "web-1");

            // B checks the member with its own engine.
            await VerdictAsync(clientB, member, "Healthy", null);
            Assert.NotNull(b.Services.GetRequiredService<HealthEngine>().GetMember(member));
            Assert.Equal(pool, (await ListenerPoolAsync(clientB, listener)).GetProperty("pool_id").GetString());

            // An update on A: weight 0 makes the member Unused on B.
            var updated = await clientA.ApiPutAsync($"/api/v1/members/{member}", new { weight = 0 });
            Assert.True(updated.Status == HttpStatusCode.OK, updated.ToString());
            await FleetWait.StateAsync(clientB, member, "Unused");

            // Each node recorded its own Initial -> Healthy -> Unused: the history names the node of each transition.
            var history = await FleetWait.UntilAsync(clientA, $"/api/v1/members/{member}/history?limit=20",
                h => h.GetProperty("transitions").EnumerateArray().Count(t => t.GetProperty("to").GetString() == "Unused") >= 2);
            var unused = history.GetProperty("transitions").EnumerateArray().Where(t => t.GetProperty("to").GetString() == "Unused")
                .Select(t => t.GetProperty("node").GetString()).Order(StringComparer.Ordinal);
            Assert.Equal([NodeA, NodeB], unused);

            // A delete on B: gone from A's catalog and engine.
            var deleted = await clientB.ApiDeleteAsync($"/api/v1/members/{member}");
            Assert.True(deleted.Status == HttpStatusCode.NoContent, deleted.ToString());
            await GoneAsync(clientA, $"/api/v1/members/{member}/health");
            Assert.Null(a.Services.GetRequiredService<HealthEngine>().GetMember(member));

            // A pool deleted on A takes its monitor with it, on B too.
            var spare = (await clientA.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb, protocol = "TCP", name = "spare" })).Id;
            var spareMonitor = (await clientA.CreateAsync("/api/v1/healthmonitors",
                new { pool_id = spare, type = "TCP", delay = 1, timeout = 1, max_retries = 1 })).Id;
            var catalogB = b.Services.GetRequiredService<HealthCoordinator>();
            await UntilAsync(() => catalogB.Find(ChangeKind.HealthMonitor, spareMonitor) is not null, "B learns of the spare pool's monitor");
            Assert.True((await clientA.ApiDeleteAsync($"/api/v1/pools/{spare}")).Status == HttpStatusCode.NoContent);
            await GoneAsync(clientB, $"/api/v1/pools/{spare}/health");
            Assert.Null(catalogB.Find(ChangeKind.HealthMonitor, spareMonitor));
            Assert.Null(catalogB.Find(ChangeKind.ServerGroup, spare));

            // A node skips its own changes: once A has taken in a change B made after all of these, A's observers have
            // heard of each of A's own changes exactly once (twice would be the feed echoing them).
            var marker = (await clientB.CreateAsync("/api/v1/loadbalancers", new { name = "marker" })).Id;
            await UntilAsync(() => recorderA.Changes.Any(c => c.Resource.Id == marker), "A learns of B's marker");
            Assert.Equal(["upserted", "upserted", "deleted"], recorderA.Changes.Where(c => c.Resource.Id == member).Select(c => c.Change));
            Assert.Equal(["upserted", "deleted"], recorderA.Changes.Where(c => c.Resource.Id == spareMonitor).Select(c => c.Change));
            Assert.Equal(["upserted", "upserted"], recorderA.Changes.Where(c => c.Resource.Id == listener).Select(c => c.Change));
            Assert.Empty(a.Services.GetRequiredService<HealthEngine>().GetMembers());
        });
    }

    [Fact]
    public async Task HuaweiDialectWrites_OnOneNode_ReachTheOther()
    {
        const string project = "0123456789abcdef0123456789abcdef";
        await RunAsync(null, async (a, b, _) =>
        {
            using var huaweiA = await HuaweiTestProject.CreateAsync(a, project);
            using var huaweiB = new HuaweiElbClient(b.BaseAddress, "hw-token-" + project, project);
            await using var backend = FleetBackends.Ok();
            var lb = await HuaweiTestProject.LoadBalancerAsync(a, project);
            var pool = (await huaweiA.CreatePoolAsync(new { loadbalancer_id = lb, protocol = "HTTP", lb_algorithm = "ROUND_ROBIN" }))
                .Body.GetProperty("pool").GetProperty("id").GetString()!;
            var monitor = await huaweiA.CreateHealthMonitorAsync(new
            {
                pool_id = pool, type = "HTTP", delay = 1, timeout = 1, max_retries = 1, max_retries_down = 1, url_path = "/health",
            });
            Assert.True(monitor.Status == HttpStatusCode.Created, monitor.ToString());
            var created = await huaweiA.CreateMemberAsync(pool, new { address = "127.0.0.1", protocol_port = backend.Port });
            Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
            var member = created.Body.GetProperty("member").GetProperty("id").GetString()!;

            await UntilAsync(async () => (await huaweiB.ShowMemberAsync(pool, member)).Body.GetProperty("member")
                .GetProperty("operating_status").GetString() == "ONLINE", "B shows the member ONLINE");

            var deleted = await huaweiB.SendAsync(HttpMethod.Delete, $"pools/{pool}/members/{member}", null);
            Assert.True(deleted.Status == HttpStatusCode.NoContent, deleted.ToString());
            var catalogA = a.Services.GetRequiredService<HealthCoordinator>();
            await UntilAsync(() => catalogA.Find(ChangeKind.Member, member) is null, "A forgets the member B deleted");
            Assert.Null(a.Services.GetRequiredService<HealthEngine>().GetMember(member));
        });
    }

    [Fact]
    public async Task ChangeWhileTheListenerIsDisconnected_ReachesTheNodeThroughTheChangeRows()
    {
        await RunAsync(null, async (a, b, connectionString) =>
        {
            var (_, clientA) = await a.CreateProjectAsync("shared");
            using var _clientA = clientA;
            using var clientB = b.WithToken(clientA.DefaultRequestHeaders.Authorization!.Parameter!);
            var lb = (await clientA.CreateAsync("/api/v1/loadbalancers", new { name = "edge" })).Id;
            var pool = (await clientA.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb, protocol = "TCP" })).Id;
            await using var admin = new NpgsqlConnection(connectionString);
            await admin.OpenAsync(Ct);
            var application = $"{PostgresStore.ListenerApplicationName} {NodeB}";

            // Until B's listener came back only after the write had committed (the usual case: the first retry waits a
            // quarter second), so the notification reached no one and only the rows can tell B.
            string? missed = null;
            for (var attempt = 0; attempt < 5 && missed is null; attempt++)
            {
                var before = await ListenerPidAsync(admin, application);
                Assert.Equal(1, await admin.ExecuteScalarAsync<int>(
                    "SELECT count(*)::int FROM (SELECT pg_terminate_backend(@before)) t", new { before }));
                var member = (await clientA.CreateAsync("/api/v1/members",
                    new { pool_id = pool, address = "127.0.0.1", protocol_port = 1000 + attempt })).Id;
                var written = await admin.ExecuteScalarAsync<DateTime>("SELECT clock_timestamp()");
                var after = await ListenerPidAsync(admin, application, except: before);
                var reconnectedAt = await admin.ExecuteScalarAsync<DateTime>(
                    "SELECT backend_start FROM pg_stat_activity WHERE pid = @after", new { after });
                if (reconnectedAt > written)
                {
                    missed = member;
                }
            }

            Assert.True(missed is not null, "B's listener reconnected before each of 5 writes committed");
            await FleetWait.UntilAsync(clientB, $"/api/v1/pools/{pool}/members/health",
                p => p.ToString().Contains(missed, StringComparison.Ordinal));
            Assert.NotNull(b.Services.GetRequiredService<HealthCoordinator>().Find(ChangeKind.Member, missed));
        });
    }

    /// <summary>Starts node A and node B on one fresh database, runs <paramref name="body"/>, stops both and drops the database.</summary>
    private async Task RunAsync(RecordingFleetObserver? recorderA, Func<RunningServer, RunningServer, string, Task> body)
    {
        var cluster = await fixture.GetAsync(Ct);
        if (cluster is null)
        {
            if (PostgresClusterFixture.MustFailWhenUnavailable)
            {
                Assert.Fail(fixture.UnavailableReason);
            }

            Assert.Skip(fixture.UnavailableReason);
        }

        var database = await cluster.CreateDatabaseAsync("nodes", Ct);
        try
        {
            await using var a = await RunningServer.StartAsync(
                configure: recorderA is null ? null : services => services.AddSingleton<IFleetObserver>(recorderA),
                options: o => (o.Store, o.NodeId) = (cluster.Url(database), NodeA));
            await using var b = await RunningServer.StartAsync(options: o => (o.Store, o.NodeId) = (cluster.Url(database), NodeB));
            Assert.Equal(NodeB, b.Services.GetRequiredService<IChangeFeed>().NodeId);
            Assert.NotNull(b.Services.GetService<ChangeFollower>());
            await body(a, b, cluster.ConnectionString(database));
        }
        finally
        {
            await cluster.DropDatabaseAsync(database, CancellationToken.None);
        }
    }

    /// <summary>The pid of the listening connection named <paramref name="application"/> (other than <paramref name="except"/>), once it is there.</summary>
    private static async Task<int> ListenerPidAsync(NpgsqlConnection admin, string application, int? except = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < FleetWait.DefaultTimeout)
        {
            var pid = await admin.ExecuteScalarAsync<int?>(
                "SELECT pid FROM pg_stat_activity WHERE application_name = @application AND datname = current_database() AND pid <> @except",
                new { application, except = except ?? 0 });
            if (pid is { } found)
            {
                return found;
            }

            await Task.Delay(50, Ct);
        }

        Assert.Fail($"no listening connection '{application}' within {FleetWait.DefaultTimeout.TotalSeconds} s");
        return 0;
    }

    private static async Task GoneAsync(HttpClient client, string path)
    {
        await UntilAsync(async () => (await client.ApiGetAsync(path)).Status == HttpStatusCode.NotFound, $"GET {path} answers 404");
    }

    private static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < FleetWait.DefaultTimeout)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50, Ct);
        }

        Assert.Fail($"not within {FleetWait.DefaultTimeout.TotalSeconds} s: {what}");
    }
}
