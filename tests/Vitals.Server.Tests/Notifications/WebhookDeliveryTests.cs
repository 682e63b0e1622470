using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vitals.Core.Health;
using Vitals.Core.Monitoring;
using Vitals.Core.Notifications;
using Vitals.Core.Resources;
using Vitals.Storage;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;
using Vitals.Testing;

namespace Vitals.Server.Tests.Notifications;

/// <summary>
/// Webhook notifications end to end: real backends and a real receiver on loopback, the server's engine deciding, the
/// outbox in its SQLite file and the delivery worker sending (docs/notifications.md).
/// </summary>
public sealed class WebhookDeliveryTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BackendFails_SignedEventArrivesWithinFallTimesDelayPlusOneSecond_WithEveryField()
    {
        await using var receiver = WebhookReceiver.Start();
        await using var server = await RunningServer.StartAsync(options: o => o.PublicUrl = "https://vitals.example.com/");
        var (projectId, client) = await server.CreateProjectAsync("shop");
        using var _ = client;
        var secret = NewSecret();
        var webhook = await CreateWebhookAsync(server, projectId, receiver.Url, secret);
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync("edge");
        var pool = await fleet.PoolAsync(lb, name: "web");
        await fleet.ListenerAsync(lb, pool);
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Tcp, fall: 2));
        var backend = new TcpBackend();
        var member = await fleet.MemberAsync(pool, backend.Port, name: "web-1");
        await FleetWait.StateAsync(client, member.Id, "Healthy");

        backend.Stop();
        var failedAt = Stopwatch.GetTimestamp();
        var received = await receiver.WaitAsync(r => r.Count >= 1, Soon, Token);
        var took = Stopwatch.GetElapsedTime(failedAt);

        // Within fall 2 × delay 1 s + 1 s: the first failing check comes at most one delay after the backend stopped, the
        // second one delay later, then the recorder's batch (200 ms at most) and one POST.
        Assert.True(took < TimeSpan.FromSeconds(2 * 1 + 1), $"the event took {took.TotalSeconds:0.00} s");
        TestContext.Current.SendDiagnosticMessage($"backend stopped -> signed event received: {took.TotalMilliseconds:0} ms");
        var request = Assert.Single(received);
        Assert.Equal(SignatureCheck.Valid,
            WebhookSignature.Verify(Encoding.UTF8.GetBytes(secret), request.Header(WebhookSignature.HeaderName), request.Body,
                TimeProvider.System.GetUtcNow()));
        Assert.Equal(SignatureCheck.Mismatch,
            WebhookSignature.Verify(Encoding.UTF8.GetBytes(NewSecret()), request.Header(WebhookSignature.HeaderName), request.Body,
                TimeProvider.System.GetUtcNow()));
        Assert.Equal("application/json; charset=utf-8", request.Header("Content-Type"));
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal(root.GetProperty("id").GetString(), request.Header("Vitals-Event-Id"));
        Assert.Equal("member.transition", root.GetProperty("type").GetString());
        Assert.Equal("member.transition", request.Header("Vitals-Event-Type"));
        Assert.Equal(projectId, root.GetProperty("project").GetProperty("id").GetString());
        Assert.Equal("shop", root.GetProperty("project").GetProperty("name").GetString());
        Assert.Equal("edge", root.GetProperty("load_balancer").GetProperty("name").GetString());
        Assert.Equal(pool.Id, root.GetProperty("pool").GetProperty("id").GetString());
        Assert.Equal("web", root.GetProperty("pool").GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("listener").GetProperty("id").GetString()));
        Assert.Equal(member.Id, root.GetProperty("member").GetProperty("id").GetString());
        Assert.Equal("web-1", root.GetProperty("member").GetProperty("name").GetString());
        Assert.Equal("Healthy", root.GetProperty("old_state").GetString());
        Assert.Equal("Unhealthy", root.GetProperty("new_state").GetString());
        Assert.Equal("CONNECT_FAILED", root.GetProperty("reason_code").GetString());
        Assert.Equal("L4CON", root.GetProperty("check_code").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("detail").GetString()));
        Assert.Equal(2, root.GetProperty("deciding_checks").GetArrayLength());
        Assert.Equal($"https://vitals.example.com/#/members/{member.Id}", root.GetProperty("console_url").GetString());

        // The delivery is listed with its outcome.
        var deliveries = await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{webhook.Id}/deliveries", Token);
        var delivery = Assert.Single(deliveries.GetProperty("deliveries").EnumerateArray());
        await WaitDeliveredAsync(client, webhook.Id);
        Assert.Equal(root.GetProperty("id").GetString(), delivery.GetProperty("event_id").GetString());

        // This node delivered it: its counters say so, to the project's own scrape.
        var metrics = await Metrics.MetricsScrape.UntilAsync(client, m => m.Has("vitals_webhook_deliveries_total"));
        Assert.Equal(1, Assert.Single(metrics.Samples, x => x.Name == "vitals_webhook_deliveries_total" && x["webhook"] == webhook.Id).Value);
        Assert.Equal(0, Assert.Single(metrics.Samples, x => x.Name == "vitals_webhook_failing" && x["webhook"] == webhook.Id).Value);
        Assert.Equal("summary", metrics.Types["vitals_webhook_delivery_delay_seconds"]);
    }

    [Fact]
    public async Task ReceiverDownForAWhile_EventsArriveAfterwards_InOrder_EachAtLeastOnce()
    {
        await using var receiver = WebhookReceiver.Start();
        await using var server = await RunningServer.StartAsync(options: o =>
        {
            o.NotifyGroupWindow = TimeSpan.FromMilliseconds(300);
            o.WebhookRetryDelay = TimeSpan.FromMilliseconds(200);
        });
        var (projectId, client) = await server.CreateProjectAsync();
        using var _ = client;
        var webhook = await CreateWebhookAsync(server, projectId, receiver.Url, NewSecret());
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync();
        var pool = await fleet.PoolAsync(lb);
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Tcp));
        var backend = new TcpBackend();
        var member = await fleet.MemberAsync(pool, backend.Port);
        await FleetWait.StateAsync(client, member.Id, "Healthy");

        await receiver.StopAsync();
        // Down, up, down, up: four transitions while nobody listens (each more than a grouping window apart).
        var expected = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            backend.Stop();
            await FleetWait.StateAsync(client, member.Id, "Unhealthy");
            expected.Add("Unhealthy");
            backend.Start();
            await FleetWait.StateAsync(client, member.Id, "Healthy");
            expected.Add("Healthy");
        }

        var failing = await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{webhook.Id}/deliveries?status=pending", Token);
        Assert.NotEqual(0, failing.GetProperty("total_count").GetInt32());
        var head = failing.GetProperty("deliveries").EnumerateArray().Last();
        Assert.True(head.GetProperty("attempts").GetInt32() >= 1);
        Assert.False(string.IsNullOrEmpty(head.GetProperty("last_error").GetString()));
        var marked = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{webhook.Id}", Token)).GetProperty("delivery");
        Assert.Equal("failing", marked.GetProperty("state").GetString());
        Assert.True(marked.GetProperty("pending").GetInt32() >= 1);
        Assert.False(string.IsNullOrEmpty(marked.GetProperty("last_error").GetString()));

        receiver.Restart();
        var received = await receiver.WaitAsync(r => Changes(r).Count >= 4, Soon, Token);

        // Every transition, in the order it happened (a grouped event carries the window's changes in order).
        Assert.Equal(expected, Changes(received).Take(4).Select(c => c.NewState));
        var times = received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("time").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times);
        await WaitDeliveredAsync(client, webhook.Id);
        Assert.Equal(received.Select(r => r.Header("Vitals-Event-Id")).Distinct().Count(), received.Count);
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/v1/webhooks", Token);
        var healed = listed.GetProperty("webhooks")[0].GetProperty("delivery");
        Assert.Equal("ok", healed.GetProperty("state").GetString());
        Assert.Equal(0, healed.GetProperty("pending").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, healed.GetProperty("last_delivered_at").ValueKind);
    }

    [Fact]
    public async Task ManyMembersOfAPoolFailAtOnce_TwoEvents_TheFirstAtOnceAndTheRestGrouped()
    {
        const int Members = 200;
        await using var receiver = WebhookReceiver.Start();
        // The default window (5 s): the 200 failures, decided within about a second of each other, fall in one window even
        // on a loaded machine.
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        using var _ = client;
        await CreateWebhookAsync(server, projectId, receiver.Url, NewSecret());
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync();
        var pool = await fleet.PoolAsync(lb);
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Tcp));
        var backends = new List<TcpBackend>();
        var members = new List<Member>();
        for (var i = 0; i < Members; i++)
        {
            // On an address of their own: a port freed by the outage cannot come back as another test's listener on
            // 127.0.0.1 (which would be a real recovery, and a third message).
            var backend = new TcpBackend(OutageAddress);
            backends.Add(backend);
            members.Add(await fleet.MemberAsync(pool, backend.Port, address: OutageAddress.ToString()));
        }

        foreach (var member in members)
        {
            await FleetWait.StateAsync(client, member.Id, "Healthy"); // every one has its verdict before the outage
        }

        Assert.Empty(receiver.Accepted); // a first verdict is not news
        foreach (var backend in backends)
        {
            backend.Stop();
        }

        var received = await receiver.WaitAsync(r => r.Count >= 2, Soon, Token);
        await Task.Delay(TimeSpan.FromSeconds(6), Token); // a further window: nothing more may come

        Assert.True(receiver.Accepted.Count == 2, Describe(receiver.Accepted));
        var first = JsonDocument.Parse(received[0].Body).RootElement;
        var second = JsonDocument.Parse(received[1].Body).RootElement;
        Assert.Equal("member.transition", first.GetProperty("type").GetString());
        Assert.Equal("pool.grouped", second.GetProperty("type").GetString());
        Assert.Equal(Members - 1, second.GetProperty("group").GetProperty("members_total").GetInt32());
        var ids = second.GetProperty("group").GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!)
            .Append(first.GetProperty("member").GetProperty("id").GetString()!).ToHashSet();
        Assert.Equal(members.Select(m => m.Id).ToHashSet(), ids);
    }

    [Fact]
    public async Task FlappingMember_ItsFlipsGiveFlappingStartedAndStopped_NotOneMessagePerFlip()
    {
        const int Flips = 8;
        await using var receiver = WebhookReceiver.Start();
        await using var server = await RunningServer.StartAsync(options: o =>
        {
            o.NotifyGroupWindow = TimeSpan.FromSeconds(5);
            o.Engine.Tracker = o.Engine.Tracker with
            {
                Flap = new FlapPolicy { Changes = 4, Window = TimeSpan.FromSeconds(8), SettleChanges = 1 },
            };
        });
        var (projectId, client) = await server.CreateProjectAsync();
        using var _ = client;
        await CreateWebhookAsync(server, projectId, receiver.Url, NewSecret());
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync();
        var pool = await fleet.PoolAsync(lb);
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Tcp));
        var backend = new TcpBackend();
        var member = await fleet.MemberAsync(pool, backend.Port);
        await FleetWait.StateAsync(client, member.Id, "Healthy");

        for (var flip = 0; flip < Flips; flip++)
        {
            if (flip % 2 == 0)
            {
                backend.Stop();
                await FleetWait.StateAsync(client, member.Id, "Unhealthy");
            }
            else
            {
                backend.Start();
                await FleetWait.StateAsync(client, member.Id, "Healthy");
            }
        }

        var received = await receiver.WaitAsync(r => r.Any(x => Type(x) == "member.flapping_stopped"), TimeSpan.FromSeconds(30), Token);
        await Task.Delay(TimeSpan.FromSeconds(2), Token); // nothing more may follow

        // The first change goes out at once (a single failure is never held back); the flipping that follows is the
        // flap's two messages, however many flips it held.
        Assert.Equal(["member.transition", "member.flapping_started", "member.flapping_stopped"], receiver.Accepted.Select(Type));
        var stopped = JsonDocument.Parse(received[^1].Body).RootElement.GetProperty("flapping");
        // Counted from the change that made it flapping (the fourth) to the last one.
        Assert.Equal(Flips - 4 + 1, stopped.GetProperty("flips").GetInt32());
        Assert.Equal("Healthy", stopped.GetProperty("final_state").GetString());
    }

    [Fact]
    public async Task TestEvent_GoesToThatWebhookOnly_WhateverItsFilters_AndRedeliveryRepeatsTheEventId()
    {
        await using var receiver = WebhookReceiver.Start();
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        using var _ = client;
        var webhook = await CreateWebhookAsync(server, projectId, receiver.Url, NewSecret(), events: [NotificationKind.PanicStarted]);

        using var test = await client.PostAsync($"/api/v1/webhooks/{webhook.Id}/test", null, Token);
        Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);
        var delivery = await test.Content.ReadFromJsonAsync<JsonElement>(Token);
        var received = await receiver.WaitAsync(r => r.Count >= 1, Soon, Token);
        Assert.Equal("test", JsonDocument.Parse(received[0].Body).RootElement.GetProperty("type").GetString());

        var id = delivery.GetProperty("id").GetInt64();
        using var again = await client.PostAsync($"/api/v1/webhooks/{webhook.Id}/deliveries/{id}/redeliver", null, Token);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var repeated = await again.Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.Equal(id, repeated.GetProperty("redelivery_of").GetInt64());
        received = await receiver.WaitAsync(r => r.Count >= 2, Soon, Token);
        Assert.Equal(received[0].Header("Vitals-Event-Id"), received[1].Header("Vitals-Event-Id"));
        Assert.NotEqual(received[0].Header("Vitals-Delivery"), received[1].Header("Vitals-Delivery"));

        var one = await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{webhook.Id}/deliveries/{id}", Token);
        Assert.Equal("test", one.GetProperty("payload").GetProperty("type").GetString());

        // Unknown ids, foreign webhooks and bad parameters: 4xx, nothing queued.
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/v1/webhooks/whk-00000000000000000000/test", null, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/v1/webhooks/{webhook.Id}/deliveries/999999/redeliver", null, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/webhooks/{webhook.Id}/deliveries/abc", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/v1/webhooks/{webhook.Id}/deliveries?status=lost", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/v1/webhooks/{webhook.Id}/deliveries?marker=x", Token)).StatusCode);
        var (_, other) = await server.CreateProjectAsync("other");
        using (other)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/webhooks/{webhook.Id}/deliveries", Token)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/v1/webhooks/{webhook.Id}/test", null, Token)).StatusCode);
        }

        var all = await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{webhook.Id}/deliveries", Token);
        Assert.Equal(2, all.GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task DeliveryFailingPastTheRetryBound_IsDead_AndTheNextOneGoes()
    {
        await using var receiver = WebhookReceiver.Start();
        receiver.Status = HttpStatusCode.InternalServerError;
        await using var server = await RunningServer.StartAsync(options: o =>
        {
            o.WebhookRetryFor = TimeSpan.FromSeconds(2);
            o.WebhookRetryDelay = TimeSpan.FromMilliseconds(200);
        });
        var (projectId, client) = await server.CreateProjectAsync();
        using var _ = client;
        var webhook = await CreateWebhookAsync(server, projectId, receiver.Url, NewSecret());
        using (await client.PostAsync($"/api/v1/webhooks/{webhook.Id}/test", null, Token))
        {
        }

        var dead = await WaitAsync(async () =>
        {
            var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{webhook.Id}/deliveries?status=dead", Token);
            return list.GetProperty("total_count").GetInt32() == 1 ? list.GetProperty("deliveries")[0] : (JsonElement?)null;
        });
        Assert.True(dead.GetProperty("attempts").GetInt32() >= 2);
        Assert.Equal(500, dead.GetProperty("last_status_code").GetInt32());
        Assert.Contains("500", dead.GetProperty("last_error").GetString(), StringComparison.Ordinal);

        receiver.Status = HttpStatusCode.NoContent;
        using (await client.PostAsync($"/api/v1/webhooks/{webhook.Id}/test", null, Token))
        {
        }

        await receiver.WaitAsync(r => r.Count == 1, Soon, Token);
    }

    [Fact]
    public async Task EventsAfterTheWorkerIdledSeveralPolls_AreSentAtOnce_NotAtTheNextPoll()
    {
        await using var receiver = WebhookReceiver.Start();
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        using var _ = client;
        var webhook = await CreateWebhookAsync(server, projectId, receiver.Url, NewSecret());
        // Idle for more than two of the worker's 1 s polls: a wake must still reach it (a wait abandoned by an
        // earlier poll used to take it, so every event waited for the next poll, up to a second).
        await Task.Delay(TimeSpan.FromSeconds(2.5), Token);

        var took = new List<double>();
        for (var i = 1; i <= 5; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            using (var test = await client.PostAsync($"/api/v1/webhooks/{webhook.Id}/test", null, Token))
            {
                Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);
            }

            await receiver.WaitAsync(r => r.Count >= i, Soon, Token);
            took.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            await Task.Delay(TimeSpan.FromSeconds(1.2), Token); // past a poll again
        }

        // Each one within 400 ms (it takes a few ms); waiting for the poll, five in a row would be under 400 ms about 1% of the time.
        Assert.True(took.Max() < 400, $"took {string.Join(", ", took.Select(t => $"{t:0} ms"))}");
    }

    [Fact]
    public async Task SwitchedOffWebhook_ItsPendingDeliveriesWait_AndGoWhenItIsSwitchedOnAgain()
    {
        await using var receiver = WebhookReceiver.Start();
        receiver.Status = HttpStatusCode.ServiceUnavailable;
        await using var server = await RunningServer.StartAsync(options: o => o.WebhookRetryDelay = TimeSpan.FromMilliseconds(100));
        var (projectId, client) = await server.CreateProjectAsync();
        using var _ = client;
        var webhook = await CreateWebhookAsync(server, projectId, receiver.Url, NewSecret());
        using (await client.PostAsync($"/api/v1/webhooks/{webhook.Id}/test", null, Token))
        {
        }

        await WaitAsync(async () =>
        {
            var hook = await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{webhook.Id}", Token);
            return hook.GetProperty("delivery").GetProperty("state").GetString() == "failing" ? hook : (JsonElement?)null;
        });
        Assert.True((await client.ApiPutAsync($"/api/v1/webhooks/{webhook.Id}", new { admin_state_up = false })).Status == HttpStatusCode.OK);
        await Task.Delay(TimeSpan.FromSeconds(1), Token); // an attempt already under way ends
        receiver.Status = HttpStatusCode.OK;
        await Task.Delay(TimeSpan.FromSeconds(2), Token);
        Assert.Empty(receiver.Accepted);

        Assert.True((await client.ApiPutAsync($"/api/v1/webhooks/{webhook.Id}", new { admin_state_up = true })).Status == HttpStatusCode.OK);
        var received = await receiver.WaitAsync(r => r.Count == 1, TimeSpan.FromSeconds(20), Token);
        Assert.Equal("test", Type(received[0]));
    }

    [Fact]
    public async Task OpenApiDocument_DescribesThePayloadAndTheDeliveriesCalls()
    {
        await using var server = await RunningServer.StartAsync();
        using var anonymous = server.Anonymous();

        var document = (await anonymous.ApiGetAsync("/openapi/v1.json")).Body;

        var schema = document.GetProperty("components").GetProperty("schemas").GetProperty("WebhookEvent");
        var properties = schema.GetProperty("properties");
        foreach (var field in new[] { "id", "type", "time", "project", "load_balancer", "listener", "pool", "member", "old_state", "new_state",
            "reason_code", "check_code", "detail", "deciding_checks", "flapping", "group", "panic", "console_url" })
        {
            Assert.True(properties.TryGetProperty(field, out _), field);
        }

        Assert.Equal(NotificationKinds.All.Select(k => k.ToWire()), properties.GetProperty("type").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        var post = document.GetProperty("webhooks").GetProperty("notification").GetProperty("post");
        Assert.Contains(post.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Vitals-Signature");
        Assert.Equal("#/components/schemas/WebhookEvent",
            post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/v1/webhooks/{id}/deliveries").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/v1/webhooks/{id}/test").TryGetProperty("post", out _));
    }

    private static string? Type(ReceivedWebhook request) => JsonDocument.Parse(request.Body).RootElement.GetProperty("type").GetString();

    internal static string NewSecret() => WebhookSecrets.Format(RandomNumberGenerator.GetBytes(WebhookSecrets.ByteLength));

    internal static async Task<Webhook> CreateWebhookAsync(RunningServer server, string projectId, Uri url, string secret,
        IReadOnlyList<NotificationKind>? events = null)
    {
        var created = await server.Services.GetRequiredService<IStore>().CreateWebhookAsync(new Webhook
        {
            Id = "", NumericId = 0, ProjectId = projectId, Url = url.ToString(), Secret = secret, Events = events ?? [],
        }, Token);
        Assert.True(created.IsOk, created.ToString());
        return created.Value!;
    }

    /// <summary>Every member change the events carry, in order: a transition's own, then a grouped event's members.</summary>
    private static List<(string MemberId, string NewState)> Changes(IReadOnlyList<ReceivedWebhook> received)
    {
        var changes = new List<(string, string)>();
        foreach (var request in received)
        {
            var root = JsonDocument.Parse(request.Body).RootElement;
            switch (root.GetProperty("type").GetString())
            {
                case "member.transition":
                    changes.Add((root.GetProperty("member").GetProperty("id").GetString()!, root.GetProperty("new_state").GetString()!));
                    break;
                case "pool.grouped":
                    foreach (var member in root.GetProperty("group").GetProperty("members").EnumerateArray())
                    {
                        changes.Add((member.GetProperty("id").GetString()!, member.GetProperty("new_state").GetString()!));
                    }

                    break;
            }
        }

        return changes;
    }

    private static async Task WaitDeliveredAsync(HttpClient client, string webhookId) =>
        await WaitAsync(async () =>
        {
            var pending = await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{webhookId}/deliveries?status=pending", Token);
            return pending.GetProperty("total_count").GetInt32() == 0 ? pending : (JsonElement?)null;
        });

    private static async Task<JsonElement> WaitAsync(Func<Task<JsonElement?>> probe)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Soon.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(Stopwatch.GetTimestamp() < deadline, "the condition did not hold in time");
            await Task.Delay(50, Token);
        }
    }

    /// <summary>A TCP backend on a fixed loopback port that can be stopped (refusing) and started again.</summary>
    private static readonly IPAddress OutageAddress = IPAddress.Parse("127.0.77.1");

    /// <summary>What was received, for a failure message: each event's type, members and states.</summary>
    private static string Describe(IReadOnlyList<ReceivedWebhook> received) => string.Join("\n", received.Select(r =>
    {
        var root = JsonDocument.Parse(r.Body).RootElement;
        var group = root.GetProperty("group");
        var members = group.ValueKind == JsonValueKind.Object ? $" group of {group.GetProperty("members_total").GetInt32()}" : "";
        return $"{root.GetProperty("time").GetString()} {root.GetProperty("type").GetString()} {root.GetProperty("old_state")} -> {root.GetProperty("new_state")}{members}";
    }));

    private sealed class TcpBackend
    {
        private readonly IPAddress _address;
        private System.Net.Sockets.TcpListener _listener;

        public TcpBackend(IPAddress? address = null)
        {
            _address = address ?? IPAddress.Loopback;
            _listener = new System.Net.Sockets.TcpListener(_address, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        }

        public int Port { get; }

        public void Stop() => _listener.Stop();

        public void Start()
        {
            _listener = new System.Net.Sockets.TcpListener(_address, Port);
            _listener.Server.SetSocketOption(System.Net.Sockets.SocketOptionLevel.Socket, System.Net.Sockets.SocketOptionName.ReuseAddress, true);
            _listener.Start();
        }
    }
}
