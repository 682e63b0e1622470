using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vitals.Control.Notifications;
using Vitals.Core.Monitoring;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Metrics;
using Vitals.Server.Tests.Secrets;
using Vitals.Server.Tests.Support;
using Vitals.Testing;

namespace Vitals.Server.Tests.Notifications;

/// <summary>
/// The Alertmanager push against Debian's real Alertmanager on loopback, read back through its own
/// <c>GET /api/v2/alerts</c> (which lists active alerts only: a resolved alert is gone from it).
/// </summary>
public sealed class AlertmanagerPushTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MemberFails_AlertFiresWithItsLabels_AndResolvesWhenTheBackendRecovers()
    {
        await using var alertmanager = await AlertmanagerProcess.StartAsync(cancellationToken: Token);
        // The default 30 s interval: the alert can only arrive in time through the rotation book's watch.
        await using var server = await RunningServer.StartAsync(options: o => o.Alertmanager = [alertmanager.Url.ToString()]);
        var (projectId, client) = await server.CreateProjectAsync();
        using var _ = client;
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync();
        var pool = await fleet.PoolAsync(lb);
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Tcp));
        var port = FleetBackends.ClosedPort();
        var member = await fleet.MemberAsync(pool, port, name: "web-1");
        await FleetWait.StateAsync(client, member.Id, "Unhealthy");
        var before = System.Diagnostics.Stopwatch.GetTimestamp();

        var firing = await alertmanager.WaitAlertsAsync(a => a.Any(x => Label(x, "member") == member.Id), Soon, Token);
        var seenAfter = System.Diagnostics.Stopwatch.GetElapsedTime(before);

        var alert = Assert.Single(firing);
        Assert.True(seenAfter < TimeSpan.FromSeconds(3), $"the alert took {seenAfter.TotalSeconds} s");
        Assert.Equal("active", alert.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal(new Dictionary<string, string>
        {
            ["alertname"] = "VitalsMemberDown", ["severity"] = "critical", ["project"] = projectId, ["loadbalancer"] = lb.Id,
            ["pool"] = pool.Id, ["member"] = member.Id, ["member_name"] = "web-1", ["address"] = $"127.0.0.1:{port}",
            ["reason_code"] = "CONNECT_FAILED",
        }, alert.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!));
        Assert.Contains("web-1", alert.GetProperty("annotations").GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(alert.GetProperty("annotations").GetProperty("description").GetString()));
        var since = (await FleetWait.StateAsync(client, member.Id, "Unhealthy")).GetProperty("since").GetDateTimeOffset();
        Assert.Equal(since, alert.GetProperty("startsAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));

        using var backend = new TcpListener(IPAddress.Loopback, port);
        backend.Start();
        await FleetWait.StateAsync(client, member.Id, "Healthy");
        await alertmanager.WaitAlertsAsync(a => a.Length == 0, Soon, Token);
        Assert.True(server.Services.GetRequiredService<AlertmanagerPusher>().AlertsSent >= 2);
    }

    [Fact]
    public async Task ProjectAlertmanager_GetsItsOwnProjectsAlertsOnly_AndStopsWhenDeleted()
    {
        await using var alertmanager = await AlertmanagerProcess.StartAsync(cancellationToken: Token);
        await using var server = await RunningServer.StartAsync();
        var (mine, client) = await server.CreateProjectAsync("mine");
        using var _ = client;
        var (theirs, theirClient) = await server.CreateProjectAsync("theirs");
        using var __ = theirClient;
        var target = await client.CreateAsync("/api/v1/alertmanagers", new { name = "am", url = alertmanager.Url.ToString() });
        var members = new Dictionary<string, string>();
        foreach (var projectId in new[] { mine, theirs })
        {
            var fleet = new FleetSeeder(server, projectId);
            var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
            await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Tcp));
            members[projectId] = (await fleet.MemberAsync(pool, FleetBackends.ClosedPort())).Id;
        }

        await FleetWait.StateAsync(theirClient, members[theirs], "Unhealthy");
        var firing = await alertmanager.WaitAlertsAsync(a => a.Any(x => Label(x, "member") == members[mine]), Soon, Token);
        await Task.Delay(TimeSpan.FromSeconds(1), Token); // the other project's failure had every chance to arrive
        firing = await alertmanager.WaitAlertsAsync(_ => true, Soon, Token);
        Assert.Equal([mine], firing.Select(x => Label(x, "project")).Distinct());

        var pushes = server.Services.GetRequiredService<ProjectAlertmanagers>();
        Assert.Equal([target.Id], pushes.Running);
        Assert.True((await client.ApiDeleteAsync($"/api/v1/alertmanagers/{target.Id}")).Status == HttpStatusCode.NoContent);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (pushes.Running.Count > 0)
        {
            Assert.True(clock.Elapsed < Soon, "the deleted Alertmanager is still pushed to");
            await Task.Delay(100, Token);
        }
    }

    [Fact]
    public async Task PoolInPanic_PanicAlertFiresAndResolves_KeptMemberStillAlerts_DeletedMemberResolves()
    {
        await using var alertmanager = await AlertmanagerProcess.StartAsync(cancellationToken: Token);
        await using var server = await RunningServer.StartAsync(options: o =>
        {
            o.Alertmanager = [alertmanager.Url.ToString()];
            o.AlertmanagerInterval = TimeSpan.FromSeconds(1);
        });
        var (projectId, client) = await server.CreateProjectAsync();
        using var _ = client;
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync();
        var pool = await fleet.PoolAsync(lb);
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Tcp));
        var a = await fleet.MemberAsync(pool, FleetBackends.ClosedPort());
        var b = await fleet.MemberAsync(pool, FleetBackends.ClosedPort(), address: "127.0.0.2");
        await FleetWait.StateAsync(client, a.Id, "Unhealthy");
        await FleetWait.StateAsync(client, b.Id, "Unhealthy");
        await alertmanager.WaitAlertsAsync(x => Members(x).SetEquals([a.Id, b.Id]), Soon, Token);

        Assert.Equal(HttpStatusCode.OK, (await client.ApiPutAsync($"/api/v1/pools/{pool.Id}", new { min_healthy_percent = 50 })).Status);
        var inPanic = await alertmanager.WaitAlertsAsync(x => x.Any(IsPanic), Soon, Token);

        var panic = Assert.Single(inPanic, IsPanic);
        Assert.Equal((projectId, lb.Id, pool.Id), (Label(panic, "project"), Label(panic, "loadbalancer"), Label(panic, "pool")));
        Assert.Contains("min_healthy_percent 50", panic.GetProperty("annotations").GetProperty("description").GetString(), StringComparison.Ordinal);
        // The member the panic keeps in rotation still fails its checks: it still alerts.
        Assert.True(Members(inPanic).SetEquals([a.Id, b.Id]));

        Assert.Equal(HttpStatusCode.OK, (await client.ApiPutAsync($"/api/v1/pools/{pool.Id}", new { min_healthy_percent = (int?)null })).Status);
        await alertmanager.WaitAlertsAsync(x => !x.Any(IsPanic) && Members(x).SetEquals([a.Id, b.Id]), Soon, Token);

        await fleet.DeleteMemberAsync(b);
        var left = await alertmanager.WaitAlertsAsync(x => Members(x).SetEquals([a.Id]), Soon, Token);
        Assert.Single(left);
    }

    [Fact]
    public async Task AlertmanagerDownAtFirst_TheAlertArrivesWithTheNextResend_ErrorsCounted_LoggedOncePerChange()
    {
        var port = LoopbackTcp.RefusedPort().Port;
        var logs = new CapturedLogs();
        await using var server = await RunningServer.StartAsync(configure: s => s.AddSingleton<ILoggerProvider>(logs), options: o =>
        {
            o.Alertmanager = [$"http://127.0.0.1:{port}"];
            o.AlertmanagerInterval = TimeSpan.FromSeconds(1);
        });
        var (projectId, client) = await server.CreateProjectAsync();
        using var _ = client;
        var fleet = new FleetSeeder(server, projectId);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Tcp));
        var member = await fleet.MemberAsync(pool, FleetBackends.ClosedPort());
        await FleetWait.StateAsync(client, member.Id, "Unhealthy");
        var pusher = server.Services.GetRequiredService<AlertmanagerPusher>();
        // Two rounds of three attempts each: still one warning.
        await FleetWait.UntilAsync(client, $"/api/v1/members/{member.Id}/health", _ => pusher.Errors >= 6, Soon);
        // The API keeps answering while the push fails.
        Assert.Equal(HttpStatusCode.OK, (await client.ApiGetAsync($"/api/v1/pools/{pool.Id}")).Status);

        await using var alertmanager = await AlertmanagerProcess.StartAsync(port, Token);
        var firing = await alertmanager.WaitAlertsAsync(a => a.Length > 0, Soon, Token);

        Assert.Equal(member.Id, Label(Assert.Single(firing), "member"));
        using var admin = server.Admin();
        var scrape = await MetricsScrape.UntilAsync(admin, s => s.Has("vitals_alertmanager_alerts_sent_total")
            && s.Samples.Single(x => x.Name == "vitals_alertmanager_alerts_sent_total").Value >= 1);
        Assert.Equal("counter", scrape.Types["vitals_alertmanager_errors_total"]);
        Assert.True(scrape.Samples.Single(x => x.Name == "vitals_alertmanager_errors_total").Value >= 1);
        Assert.False((await MetricsScrape.GetAsync(client)).Has("vitals_alertmanager_errors_total"));
        await FleetWait.UntilAsync(client, $"/api/v1/members/{member.Id}/health", _ => logs.Lines.Any(l => l.Contains(" 4942 ", StringComparison.Ordinal)), Soon);
        var failing = Assert.Single(logs.Lines, l => l.Contains(" 4941 ", StringComparison.Ordinal));
        Assert.StartsWith("Warning", failing, StringComparison.Ordinal);
        Assert.Single(logs.Lines, l => l.Contains(" 4942 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HaPair_BothAlertmanagersGetTheAlert_AndTheResolution()
    {
        await using var first = await AlertmanagerProcess.StartAsync(cancellationToken: Token);
        await using var second = await AlertmanagerProcess.StartAsync(cancellationToken: Token);
        await using var server = await RunningServer.StartAsync(options: o => o.Alertmanager = [$"{first.Url},{second.Url}"]);
        var (projectId, client) = await server.CreateProjectAsync();
        using var _ = client;
        var fleet = new FleetSeeder(server, projectId);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Tcp));
        var member = await fleet.MemberAsync(pool, FleetBackends.ClosedPort());
        await FleetWait.StateAsync(client, member.Id, "Unhealthy");

        var one = await first.WaitAlertsAsync(a => a.Length == 1, Soon, Token);
        var two = await second.WaitAlertsAsync(a => a.Length == 1, Soon, Token);
        Assert.Equal(member.Id, Label(one[0], "member"));
        Assert.Equal(one[0].GetProperty("labels").GetRawText(), two[0].GetProperty("labels").GetRawText());

        await fleet.DeleteMemberAsync(member);
        await first.WaitAlertsAsync(a => a.Length == 0, Soon, Token);
        await second.WaitAlertsAsync(a => a.Length == 0, Soon, Token);
    }

    private static bool IsPanic(JsonElement alert) => Label(alert, "alertname") == "VitalsPoolPanic";

    private static HashSet<string> Members(JsonElement[] alerts) =>
        [.. alerts.Where(x => Label(x, "alertname") == "VitalsMemberDown").Select(x => Label(x, "member")!)];

    private static string? Label(JsonElement alert, string name) =>
        alert.GetProperty("labels").TryGetProperty(name, out var value) ? value.GetString() : null;
}
