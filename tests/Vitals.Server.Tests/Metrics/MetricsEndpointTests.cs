using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vitals.Control.Fleet;
using Vitals.Core.Monitoring;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Metrics;

/// <summary><c>GET /metrics</c> on a real server: values, scoping, credentials and escaping, read with a strict parser.</summary>
public sealed class MetricsEndpointTests
{
    private static readonly string[] States = ["Healthy", "Initial", "Unavailable", "Unhealthy", "Unused"];

    [Fact]
    public async Task Metrics_MixedFleet_StateSetUpLastCheckAndPoolCounts()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync("mine");
        await using var ok = FleetBackends.Ok();
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync();
        var web = await fleet.PoolAsync(lb, name: "web");
        await fleet.MonitorAsync(web, FleetSeeder.Spec(HealthMonitorType.Http));
        var healthy = await fleet.MemberAsync(web, ok.Port, name: "good");
        var down = await fleet.MemberAsync(web, FleetBackends.ClosedPort(), address: "127.0.0.2", name: "bad");
        var drained = await fleet.MemberAsync(web, ok.Port, weight: 0, address: "127.0.0.3", name: "drained");
        var bare = await fleet.PoolAsync(lb, name: "bare");
        var unchecked_ = await fleet.MemberAsync(bare, ok.Port, name: "unchecked");
        await FleetWait.StateAsync(client, healthy.Id, "Healthy");
        await FleetWait.StateAsync(client, down.Id, "Unhealthy");
        await FleetWait.StateAsync(client, drained.Id, "Unused");

        var sut = await MetricsScrape.GetAsync(client);

        Assert.Equal(1, sut.MemberValue("vitals_member_up", healthy.Id));
        Assert.Equal(0, sut.MemberValue("vitals_member_up", down.Id));
        Assert.Equal(0, sut.MemberValue("vitals_member_up", drained.Id));
        Assert.Equal(0, sut.MemberValue("vitals_member_up", unchecked_.Id));
        AssertStateSet(sut, healthy.Id, "Healthy");
        AssertStateSet(sut, down.Id, "Unhealthy");
        AssertStateSet(sut, drained.Id, "Unused");
        AssertStateSet(sut, unchecked_.Id, "Unavailable");

        // Every member series carries the identity labels only; vitals_member_info adds the descriptive ones.
        var up = Assert.Single(sut.OfMember("vitals_member_up", down.Id));
        Assert.Equal(["member", "pool", "project"], up.Labels.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((projectId, web.Id), (up["project"], up["pool"]));
        var info = Assert.Single(sut.OfMember("vitals_member_info", down.Id));
        Assert.Equal((projectId, lb.Id, web.Id, "bad", "127.0.0.2", down.ProtocolPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (info["project"], info["loadbalancer"], info["pool"], info["name"], info["address"], info["port"]));
        Assert.Equal(1, sut.MemberValue("vitals_member_info", unchecked_.Id));

        Assert.Equal(1, sut.MemberValue("vitals_member_last_check_success", healthy.Id));
        Assert.Equal(0, sut.MemberValue("vitals_member_last_check_success", down.Id));
        Assert.Empty(sut.OfMember("vitals_member_last_check_success", unchecked_.Id));
        Assert.Empty(sut.OfMember("vitals_member_last_check_duration_seconds", unchecked_.Id));
        Assert.InRange(sut.MemberValue("vitals_member_last_check_duration_seconds", healthy.Id), 0, 2);
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
        Assert.InRange(sut.MemberValue("vitals_member_last_check_timestamp_seconds", healthy.Id), now - 30, now + 1);
        Assert.InRange(sut.MemberValue("vitals_member_state_since_timestamp_seconds", down.Id), now - 60, now + 1);
        Assert.Equal(0, sut.MemberValue("vitals_member_flapping", healthy.Id));

        var failure = Assert.Single(sut.OfMember("vitals_member_last_check_failure_info", down.Id));
        Assert.Equal(("CONNECT_FAILED", "L4CON", 1.0), (failure["reason_code"], failure["check_code"], failure.Value));
        Assert.Empty(sut.OfMember("vitals_member_last_check_failure_info", healthy.Id));

        Assert.Equal((1, 1, 1, 0, 0), (sut.PoolCount(web.Id, "Healthy"), sut.PoolCount(web.Id, "Unhealthy"), sut.PoolCount(web.Id, "Unused"),
            sut.PoolCount(web.Id, "Initial"), sut.PoolCount(web.Id, "Unavailable")));
        Assert.Equal((1, 0), (sut.PoolCount(bare.Id, "Unavailable"), sut.PoolCount(bare.Id, "Healthy")));
        Assert.Equal("gauge", sut.Types["vitals_member_state"]);
    }

    [Fact]
    public async Task Metrics_PoolRotation_InRotationAndPanicFollowMinHealthyPercent()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        await using var ok = FleetBackends.Ok();
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync();
        var pool = await fleet.PoolAsync(lb);
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var healthy = await fleet.MemberAsync(pool, ok.Port);
        var down = await fleet.MemberAsync(pool, FleetBackends.ClosedPort(), address: "127.0.0.2");
        await FleetWait.StateAsync(client, healthy.Id, "Healthy");
        await FleetWait.StateAsync(client, down.Id, "Unhealthy");

        var calm = await MetricsScrape.GetAsync(client);
        server.Services.GetRequiredService<IFleetObserver>().OnUpserted(pool with { MinHealthyPercent = 100 });
        var panic = await MetricsScrape.UntilAsync(client, s => s.Samples.Any(x => x.Name == "vitals_pool_panic" && x["pool"] == pool.Id && x.Value == 1));

        Assert.Equal((1, 0), (calm.PoolValue("vitals_pool_in_rotation", pool.Id), calm.PoolValue("vitals_pool_panic", pool.Id)));
        Assert.Equal(2, panic.PoolValue("vitals_pool_in_rotation", pool.Id));
        Assert.Equal(("gauge", "gauge"), (panic.Types["vitals_pool_in_rotation"], panic.Types["vitals_pool_panic"]));
        var sample = Assert.Single(panic.Samples, s => s.Name == "vitals_pool_panic" && s["pool"] == pool.Id);
        Assert.Equal((projectId, lb.Id), (sample["project"], sample["loadbalancer"]));
    }

    [Fact]
    public async Task Metrics_ProjectTokens_SeeOnlyTheirProjectAndTheAdminSeesAllWithEngineAndProcess()
    {
        await using var server = await RunningServer.StartAsync();
        var (mineId, mine) = await server.CreateProjectAsync("mine");
        var (theirsId, theirs) = await server.CreateProjectAsync("theirs");
        var myFleet = new FleetSeeder(server, mineId);
        var myPool = await myFleet.PoolAsync(await myFleet.LoadBalancerAsync());
        var myMember = await myFleet.MemberAsync(myPool, 8080);
        var theirFleet = new FleetSeeder(server, theirsId);
        var theirPool = await theirFleet.PoolAsync(await theirFleet.LoadBalancerAsync());
        var theirMember = await theirFleet.MemberAsync(theirPool, 8081);
        using var admin = server.Admin();

        var mineScrape = await MetricsScrape.GetAsync(mine);
        var theirsScrape = await MetricsScrape.GetAsync(theirs);
        var adminScrape = await MetricsScrape.GetAsync(admin);

        Assert.All(mineScrape.Samples, s => Assert.Equal(mineId, s["project"]));
        Assert.Single(mineScrape.OfMember("vitals_member_up", myMember.Id));
        Assert.DoesNotContain(theirMember.Id, mineScrape.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(theirPool.Id, mineScrape.Text, StringComparison.Ordinal);
        Assert.All(theirsScrape.Samples, s => Assert.Equal(theirsId, s["project"]));
        Assert.DoesNotContain(myMember.Id, theirsScrape.Text, StringComparison.Ordinal);
        Assert.False(mineScrape.Has("vitals_engine_checks_total"));
        Assert.False(mineScrape.Has("process_cpu_seconds_total"));

        Assert.Single(adminScrape.OfMember("vitals_member_up", myMember.Id));
        Assert.Single(adminScrape.OfMember("vitals_member_up", theirMember.Id));
        Assert.Equal(1, adminScrape.PoolCount(theirPool.Id, "Unavailable"));
        foreach (var name in new[]
        {
            "vitals_engine_targets", "vitals_engine_members", "vitals_engine_checks_in_flight", "vitals_engine_checks_total",
            "vitals_engine_checks_abandoned_total", "vitals_engine_tick_lag_max_seconds", "process_cpu_seconds_total",
            "process_resident_memory_bytes", "process_open_fds", "process_max_fds", "process_start_time_seconds",
        })
        {
            Assert.True(adminScrape.Has(name), name);
        }

        Assert.Equal("histogram", adminScrape.Types["vitals_engine_check_start_lag_seconds"]);
        var buckets = adminScrape.Samples.Where(s => s.Name == "vitals_engine_check_start_lag_seconds_bucket").ToList();
        Assert.Equal("+Inf", buckets[^1]["le"]);
        Assert.Equal(Assert.Single(adminScrape.Samples, s => s.Name == "vitals_engine_check_start_lag_seconds_count").Value, buckets[^1].Value);
        Assert.True(buckets.Zip(buckets.Skip(1)).All(pair => pair.First.Value <= pair.Second.Value), "buckets must be cumulative");
        Assert.Contains(adminScrape.Samples, s => s.Name == "vitals_engine_check_failures_total" && s["reason_code"] == "CONNECT_TIMEOUT");
        var rss = Assert.Single(adminScrape.Samples, s => s.Name == "process_resident_memory_bytes").Value;
        Assert.InRange(rss, 1 << 20, 64L << 30);
        var started = Assert.Single(adminScrape.Samples, s => s.Name == "process_start_time_seconds").Value;
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        Assert.InRange(started, now - 3600, now + 5);
    }

    [Fact]
    public async Task Metrics_NoOrUnknownToken_Unauthorized()
    {
        await using var server = await RunningServer.StartAsync();
        using var anonymous = server.Anonymous();
        using var stranger = server.WithToken("not-a-token");

        using var none = await anonymous.GetAsync("/metrics", TestContext.Current.CancellationToken);
        using var unknown = await stranger.GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Fact]
    public async Task Metrics_NameWithQuoteBackslashAndNewline_EscapedInTheLabel()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        var fleet = new FleetSeeder(server, projectId);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        const string name = "a \"quoted\" \\ back\nslash é";
        var member = await fleet.MemberAsync(pool, 8080, name: name);

        var sut = await MetricsScrape.GetAsync(client);

        Assert.Equal(name, Assert.Single(sut.OfMember("vitals_member_info", member.Id))["name"]);
        Assert.Contains("name=\"a \\\"quoted\\\" \\\\ back\\nslash é\"", sut.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AcceptEncodingGzip_CompressedAndTheSameExposition()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, plain) = await server.CreateProjectAsync();
        var fleet = new FleetSeeder(server, projectId);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        for (var i = 0; i < 50; i++)
        {
            await fleet.MemberAsync(pool, 8000 + i);
        }

        using var handler = new HttpClientHandler { AutomaticDecompression = DecompressionMethods.GZip };
        using var gzip = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        gzip.DefaultRequestHeaders.Authorization = plain.DefaultRequestHeaders.Authorization;
        using var raw = new HttpClient { BaseAddress = server.BaseAddress };
        raw.DefaultRequestHeaders.Authorization = plain.DefaultRequestHeaders.Authorization;
        raw.DefaultRequestHeaders.AcceptEncoding.ParseAdd("gzip");

        var expected = await MetricsScrape.GetAsync(plain);
        var decompressed = await MetricsScrape.GetAsync(gzip);
        using var compressed = await raw.GetAsync("/metrics", TestContext.Current.CancellationToken);
        var bytes = await compressed.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        Assert.Equal(expected.Text, decompressed.Text);
        Assert.Equal("gzip", Assert.Single(compressed.Content.Headers.ContentEncoding));
        Assert.True(bytes.Length * 5 < expected.Text.Length, $"{bytes.Length} compressed bytes for {expected.Text.Length}");
    }

    private static void AssertStateSet(MetricsScrape scrape, string memberId, string state)
    {
        var set = scrape.StateSet(memberId);
        Assert.Equal(States, set.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, value) in set)
        {
            Assert.Equal(name == state ? 1 : 0, value);
        }
    }
}
