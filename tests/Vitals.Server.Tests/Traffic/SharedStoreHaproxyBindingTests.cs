using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vitals.Control.Fleet;
using Vitals.Core.Resources;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;
using Vitals.Testing;

namespace Vitals.Server.Tests.Traffic;

/// <summary>
/// Two real servers on one real PostgreSQL database: an HAProxy binding written on node A reaches node B's fleet
/// observers (where a sync service listens) as the binding record, through the change feed, for create, update and
/// delete; B's API shows the same binding.
/// </summary>
public sealed class SharedStoreHaproxyBindingTests(PostgresClusterFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BindingChanges_OnNodeA_ReachNodeBsObservers_AsTheRecord()
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

        var database = await cluster.CreateDatabaseAsync("bindings", Ct);
        try
        {
            var recorderB = new RecordingFleetObserver();
            await using var a = await RunningServer.StartAsync(options: o => (o.Store, o.NodeId) = (cluster.Url(database), "node-a"));
            await using var b = await RunningServer.StartAsync(configure: services => services.AddSingleton<IFleetObserver>(recorderB),
                options: o => (o.Store, o.NodeId) = (cluster.Url(database), "node-b"));
            var (_, clientA) = await a.CreateProjectAsync("shared");
            using var _clientA = clientA;
            using var clientB = b.WithToken(clientA.DefaultRequestHeaders.Authorization!.Parameter!);
            var lb = (await clientA.CreateAsync("/api/v1/loadbalancers", new { name = "edge" })).Id;
            var pool = (await clientA.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb, protocol = "TCP", name = "web" })).Id;

            var created = await clientA.CreateAsync("/api/v1/haproxy-bindings", new
            {
                name = "box-1", loadbalancer_id = lb, runtime_api = "/run/haproxy/admin.sock", backends = new Dictionary<string, string> { [pool] = "be_web" },
            });
            var first = await SeenAsync(recorderB, created.Id, "upserted", static r => r is HaproxyBinding);
            var updated = await clientA.ApiPutAsync($"/api/v1/haproxy-bindings/{created.Id}", new { manage_servers = true });
            Assert.True(updated.Status == HttpStatusCode.OK, updated.ToString());
            var second = await SeenAsync(recorderB, created.Id, "upserted", static r => r is HaproxyBinding { ManageServers: true });
            var onB = await clientB.ApiGetAsync($"/api/v1/haproxy-bindings/{created.Id}");
            Assert.Equal(HttpStatusCode.NoContent, (await clientA.ApiDeleteAsync($"/api/v1/haproxy-bindings/{created.Id}")).Status);
            var gone = await SeenAsync(recorderB, created.Id, "deleted", static r => r is HaproxyBinding);

            var binding = Assert.IsType<HaproxyBinding>(first);
            Assert.Equal((lb, "/run/haproxy/admin.sock", "be_web", false), (binding.LoadBalancerId, binding.RuntimeApi, binding.Backends[pool], binding.ManageServers));
            Assert.True(Assert.IsType<HaproxyBinding>(second).ManageServers);
            // The same binding on both nodes; its sync status is each node's own (B may already have failed to reach the
            // socket while A has not tried yet), so it is left out of the comparison.
            Assert.Equal(WithoutSync(updated.Text), WithoutSync(onB.Text));
            Assert.Equal(created.Id, gone.Id);
            Assert.Equal(HttpStatusCode.NotFound, (await clientB.ApiGetAsync($"/api/v1/haproxy-bindings/{created.Id}")).Status);
        }
        finally
        {
            await cluster.DropDatabaseAsync(database, CancellationToken.None);
        }
    }

    private static string WithoutSync(string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        Assert.True(node.Remove("sync"), json);
        return node.ToJsonString();
    }

    /// <summary>The first change of <paramref name="change"/> on <paramref name="id"/> matching <paramref name="match"/>, once it is there.</summary>
    private static async Task<Resource> SeenAsync(RecordingFleetObserver recorder, string id, string change, Func<Resource, bool> match)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Wait)
        {
            foreach (var (seen, resource) in recorder.Changes)
            {
                if (seen == change && resource.Id == id && match(resource))
                {
                    return resource;
                }
            }

            await Task.Delay(50, Ct);
        }

        Assert.Fail($"node B's observers were not told '{change}' of {id} within {Wait.TotalSeconds} s");
        return null!;
    }
}
