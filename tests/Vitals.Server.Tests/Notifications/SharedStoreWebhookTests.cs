using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vitals.Control.Notifications;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;
using Vitals.Testing;
using static Vitals.Server.Tests.EndToEnd.EndToEndFleet;

namespace Vitals.Server.Tests.Notifications;

/// <summary>
/// Two servers on one real PostgreSQL database both check the member and both record its transitions; only the node
/// holding the notifications lease turns them into events, so the receiver gets each change once. When that node
/// stops, the other takes the lease over and notifies.
/// </summary>
public sealed class SharedStoreWebhookTests(PostgresClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoNodes_EachChangeIsNotifiedOnce_AndTheOtherNodeTakesOverWhenTheNotifierStops()
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

        var database = await cluster.CreateDatabaseAsync("notify", Ct);
        try
        {
            await using var receiver = WebhookReceiver.Start();
            var a = await RunningServer.StartAsync(options: o => (o.Store, o.NodeId) = (cluster.Url(database), "node-a"));
            var b = await RunningServer.StartAsync(options: o => (o.Store, o.NodeId) = (cluster.Url(database), "node-b"));
            RunningServer? stopped = null;
            try
            {
                var (_, clientA) = await a.CreateProjectAsync("shared");
                using var _clientA = clientA;
                using var clientB = b.WithToken(clientA.DefaultRequestHeaders.Authorization!.Parameter!);
                await clientA.CreateAsync("/api/v1/webhooks", new { url = receiver.Url.ToString() });
                var lb = (await clientA.CreateAsync("/api/v1/loadbalancers", new { name = "edge" })).Id;
                var pool = (await clientA.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb, protocol = "TCP" })).Id;
                await clientA.CreateAsync("/api/v1/healthmonitors",
                    new { pool_id = pool, type = "TCP", delay = 1, timeout = 1, max_retries = 1, max_retries_down = 1 });
                var backend = new TcpListener(IPAddress.Loopback, 0);
                backend.Start();
                var port = ((IPEndPoint)backend.LocalEndpoint).Port;
                var member = await MemberAsync(clientA, pool, port, "web-1");
                await FleetWait.StateAsync(clientA, member, "Healthy");
                await FleetWait.StateAsync(clientB, member, "Healthy");
                var leaseA = a.Services.GetRequiredService<INotifierLease>();
                var leaseB = b.Services.GetRequiredService<INotifierLease>();
                await UntilAsync(() => leaseA.IsHeld != leaseB.IsHeld, "one node holding the notifications lease");

                backend.Stop();
                await FleetWait.StateAsync(clientA, member, "Unhealthy");
                await FleetWait.StateAsync(clientB, member, "Unhealthy");
                await receiver.WaitAsync(r => r.Count >= 1, TimeSpan.FromSeconds(15), Ct);
                await Task.Delay(TimeSpan.FromSeconds(3), Ct); // both nodes decided it: still one event
                Assert.Equal(["Unhealthy"], States(receiver.Accepted));

                // The notifier stops: the other node takes the lease over and tells the recovery.
                var (stopping, staying) = leaseA.IsHeld ? (a, leaseB) : (b, leaseA);
                await stopping.DisposeAsync();
                stopped = stopping;
                await UntilAsync(() => staying.IsHeld, "the other node taking the lease over");
                backend = new TcpListener(IPAddress.Loopback, port);
                backend.Start();
                var survivor = stopped == a ? clientB : clientA;
                await FleetWait.StateAsync(survivor, member, "Healthy");
                await receiver.WaitAsync(r => r.Count >= 2, TimeSpan.FromSeconds(15), Ct);
                await Task.Delay(TimeSpan.FromSeconds(2), Ct);
                Assert.Equal(["Unhealthy", "Healthy"], States(receiver.Accepted));
                backend.Stop();
            }
            finally
            {
                foreach (var server in new[] { a, b })
                {
                    if (server != stopped)
                    {
                        await server.DisposeAsync();
                    }
                }
            }
        }
        finally
        {
            await cluster.DropDatabaseAsync(database, CancellationToken.None);
        }
    }

    private static List<string?> States(IReadOnlyList<ReceivedWebhook> received) =>
        [.. received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("new_state").GetString())];

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"no {what} within 20 s");
            await Task.Delay(50, Ct);
        }
    }
}
