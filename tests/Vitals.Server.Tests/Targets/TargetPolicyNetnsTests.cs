using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vitals.Control.Instances;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Dialects.Huawei;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Targets;

/// <summary>
/// The target policy through a real server: every denied address is refused on write (native API, Huawei dialect),
/// stored denied members are never probed nor diagnosed, exporter URLs are refused on write or at connect time, and an
/// allowed network lets a target through. Runs only in a network namespace whose only interface is lo (test.sh), with
/// listeners on every denied address that count what reaches them.
/// </summary>
[Trait("Netns", "lo-only")]
public sealed class TargetPolicyNetnsTests
{
    /// <summary>Long enough for several checks of a monitor with delay 1 s to have run, had the member been registered.</summary>
    private static readonly TimeSpan SeveralChecks = TimeSpan.FromSeconds(3.5);

    /// <summary>Every spelling a tenant tried, and the start of the refusal that must name its rule.</summary>
    private static readonly (string Address, string Refusal)[] Denied =
    [
        ("169.254.169.254", "169.254.169.254 is a cloud metadata address"),
        ("100.100.100.200", "100.100.100.200 is a cloud metadata address"),
        ("fd00:ec2::254", "fd00:ec2::254 is a cloud metadata address"),
        ("168.63.129.16", "168.63.129.16 is a cloud metadata address"),
        ("::ffff:169.254.169.254", "169.254.169.254 is a cloud metadata address"),
        ("fe80::1", "fe80::1 is a link-local address"),
        ("169.254.10.10", "169.254.10.10 is a link-local address"),
        ("0.0.0.0", "0.0.0.0 is an unspecified address"),
        ("::", ":: is an unspecified address"),
        ("224.0.0.1", "224.0.0.1 is a multicast address"),
        ("ff02::1", "ff02::1 is a multicast address"),
        ("255.255.255.255", "255.255.255.255 is the broadcast address"),
        ("127.0.0.1", "127.0.0.1 is a loopback address"),
        ("::1", "::1 is a loopback address"),
        ("::ffff:127.0.0.1", "127.0.0.1 is a loopback address"),
        ("2130706433", "127.0.0.1 is a loopback address"),
        ("0x7f.1", "127.0.0.1 is a loopback address"),
        ("0177.0.0.1", "127.0.0.1 is a loopback address"),
        ("10.0.0.1", "10.0.0.1 is an address of the server host itself"),
    ];

    private static Task<RunningServer> StartAsync(Action<VitalsServerOptions>? options = null, Action<IServiceCollection>? configure = null)
    {
        LoOnlyNamespace.Require();
        return RunningServer.StartAsync(configure, options: o =>
        {
            o.AllowTargets = [];   // the test hosts allow loopback; these tests run the policy as shipped
            options?.Invoke(o);
        });
    }

    private static async Task<string> MonitoredPoolAsync(HttpClient client)
    {
        var (_, _, pool) = await client.FleetAsync();
        await client.CreateAsync("/api/v1/healthmonitors", new { pool_id = pool, type = "TCP", delay = 1, timeout = 1, max_retries = 1, max_retries_down = 1 });
        return pool;
    }

    [Fact]
    public async Task CreateMember_EveryDeniedAddress_FieldErrorNamingTheRuleInNativeApi_NothingStoredNothingProbed()
    {
        using var trap = TrapListeners.Start();
        await using var server = await StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var pool = await MonitoredPoolAsync(client);

        foreach (var (address, refusal) in Denied)
        {
            var answer = await client.ApiPostAsync("/api/v1/members", new { pool_id = pool, address, protocol_port = trap.Port });

            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{address}: {answer}");
            Assert.Equal("application/problem+json", answer.MediaType);
            var message = Assert.Single(answer.ErrorsOf("address"));
            Assert.StartsWith(refusal, message, StringComparison.Ordinal);
            Assert.Contains("denied by the target policy; see --allow-targets", message, StringComparison.Ordinal);
        }

        var members = await client.ApiGetAsync($"/api/v1/members?pool_id={pool}");
        Assert.Equal(0, members.Body.GetProperty("members").GetArrayLength());
        await Task.Delay(SeveralChecks, TestContext.Current.CancellationToken);
        Assert.True(trap.Packets == 0 && trap.Accepted == 0, $"probed: {trap.Packets} packets; " + string.Join("; ", trap.Seen));
    }

    [Fact]
    public async Task CreateMember_EveryDeniedAddress_HuaweiInvalidParameterNamingTheRule()
    {
        using var trap = TrapListeners.Start();
        await using var server = await StartAsync();
        const string project = "0000111122223333444455556666aaaa";
        using var client = await HuaweiTestProject.CreateAsync(server, project);
        var lb = await HuaweiTestProject.LoadBalancerAsync(server, project);
        var pool = (await client.CreatePoolAsync(new { loadbalancer_id = lb, protocol = "TCP", lb_algorithm = "ROUND_ROBIN" }))
            .Body.GetProperty("pool").GetProperty("id").GetString()!;
        var monitor = await client.CreateHealthMonitorAsync(new { pool_id = pool, type = "TCP", delay = 1, timeout = 1, max_retries = 1 });
        Assert.True(monitor.Status == HttpStatusCode.Created, monitor.ToString());

        foreach (var (address, refusal) in Denied)
        {
            var answer = await client.CreateMemberAsync(pool, new { address, protocol_port = trap.Port });

            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{address}: {answer}");
            Assert.Equal("ELB.8902", answer.ErrorCode);
            Assert.Contains("address", answer.ErrorMsg, StringComparison.Ordinal);
            Assert.Contains(refusal, answer.ErrorMsg, StringComparison.Ordinal);
        }

        var members = await client.ListMembersAsync(pool);
        Assert.Equal(0, members.Body.GetProperty("members").GetArrayLength());
        await Task.Delay(SeveralChecks, TestContext.Current.CancellationToken);
        Assert.True(trap.Packets == 0 && trap.Accepted == 0, $"probed: {trap.Packets} packets; " + string.Join("; ", trap.Seen));
    }

    [Fact]
    public async Task StoredDeniedMember_AfterRestartUnderDefaultPolicy_NotProbedNotDiagnosedReasonNamesTheRule()
    {
        using var trap = TrapListeners.Start();
        string[] allow = ["169.254.169.254/32"];
        await using var server = await StartAsync(o => o.AllowTargets = [.. allow]);
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        // Stored while the policy allowed it, in a pool without a monitor (so not probed before the restart).
        var (_, _, pool) = await client.FleetAsync();
        var member = await client.CreateAsync("/api/v1/members", new { pool_id = pool, address = "169.254.169.254", protocol_port = trap.Port });

        allow = [];
        await server.RestartAsync();
        using var after = server.WithToken(client.DefaultRequestHeaders.Authorization!.Parameter!);
        client = after;
        await client.CreateAsync("/api/v1/healthmonitors", new { pool_id = pool, type = "TCP", delay = 1, timeout = 1, max_retries = 1, max_retries_down = 1 });

        var health = await client.ApiGetAsync($"/api/v1/members/{member.Id}/health");
        Assert.Equal("UNAVAILABLE", health.Str("state").ToUpperInvariant());
        Assert.Contains("169.254.169.254 is a cloud metadata address, denied by the target policy", health.Str("reason"), StringComparison.Ordinal);
        var diagnose = await client.ApiPostAsync($"/api/v1/members/{member.Id}/diagnose?budget=2", new { });
        Assert.True(diagnose.Status == HttpStatusCode.Conflict, diagnose.ToString());
        Assert.StartsWith("169.254.169.254 is a cloud metadata address", Assert.Single(diagnose.ErrorsOf("address")), StringComparison.Ordinal);
        await Task.Delay(SeveralChecks, TestContext.Current.CancellationToken);
        Assert.True(trap.Packets == 0 && trap.Accepted == 0, $"probed: {trap.Packets} packets; " + string.Join("; ", trap.Seen));
    }

    [Fact]
    public async Task NodeExporterUrl_DeniedLiteralRefusedOnWrite_HostNameRefusedAtConnect_NothingScraped()
    {
        using var trap = TrapListeners.Start();
        await using var server = await StartAsync(configure: services => services.AddSingleton(new InstanceHealthOptions
        {
            ScrapeInterval = TimeSpan.FromSeconds(1),
            ScrapeTimeout = TimeSpan.FromSeconds(2),
        }));
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;

        foreach (var url in (string[])[$"http://169.254.169.254:{trap.Port}/latest/meta-data/", $"http://[fd00:ec2::254]:{trap.Port}/",
            $"http://100.100.100.200:{trap.Port}/", $"http://127.0.0.1:{trap.Port}/metrics"])
        {
            var refused = await client.ApiPostAsync("/api/v1/instances", new { name = "i", address = "10.0.0.9", node_exporter_url = url });
            Assert.True(refused.Status == HttpStatusCode.BadRequest, $"{url}: {refused}");
            Assert.Contains("denied by the target policy", Assert.Single(refused.ErrorsOf("node_exporter_url")), StringComparison.Ordinal);
        }

        // A host name is checked on what it resolves to when the scrape connects: localhost is loopback.
        var instance = await client.CreateAsync("/api/v1/instances",
            new { name = "named", address = "10.0.0.9", node_exporter_url = $"http://localhost:{trap.Port}/metrics" });
        var scraped = await FleetWait.UntilAsync(client, $"/api/v1/instances/{instance.Id}/health",
            h => h.TryGetProperty("scrape", out var s) && s.ValueKind == System.Text.Json.JsonValueKind.Object
                && s.GetProperty("last_failure").ValueKind == System.Text.Json.JsonValueKind.String);
        Assert.Equal("Denied", scraped.GetProperty("scrape").GetProperty("last_failure").GetString());
        Assert.Contains("is a loopback address, denied by the target policy", scraped.GetProperty("scrape").GetProperty("last_detail").GetString(),
            StringComparison.Ordinal);
        Assert.True(trap.Packets == 0 && trap.Accepted == 0, $"scraped: {trap.Packets} packets; " + string.Join("; ", trap.Seen));
    }

    [Fact]
    public async Task AllowTargets_LetsTheTargetThrough_AndDenyTargetsWins()
    {
        using var trap = TrapListeners.Start();
        await using var server = await StartAsync(o =>
        {
            o.AllowTargets = ["169.254.169.254/32", "10.0.0.0/8"];
            o.DenyTargets = ["10.0.0.1"];
        });
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var pool = await MonitoredPoolAsync(client);

        var denied = await client.ApiPostAsync("/api/v1/members", new { pool_id = pool, address = "10.0.0.1", protocol_port = trap.Port });
        var allowed = await client.CreateAsync("/api/v1/members", new { pool_id = pool, address = "169.254.169.254", protocol_port = trap.Port });

        Assert.True(denied.Status == HttpStatusCode.BadRequest, denied.ToString());
        Assert.Equal("10.0.0.1 is in 10.0.0.1/32 of --deny-targets, denied by the target policy", Assert.Single(denied.ErrorsOf("address")));
        // The trap works: the allowed member is probed (its packets counted), and any connection accepted was to it.
        var clock = Stopwatch.StartNew();
        while (trap.Packets == 0 && clock.Elapsed < FleetWait.DefaultTimeout)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.True(trap.Packets > 0, "the allowed member was never probed: " + (await client.ApiGetAsync($"/api/v1/members/{allowed.Id}/health")).Text);
        lock (trap.Seen)
        {
            Assert.All(trap.Seen, seen => Assert.EndsWith($"-> 169.254.169.254:{trap.Port}", seen, StringComparison.Ordinal));
        }
    }
}
