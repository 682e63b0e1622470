using System.Diagnostics;
using Vitals.Core.Monitoring;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Metrics;

/// <summary>
/// The exposition against Prometheus' own tools: Debian's <c>promtool check metrics</c> (parser and lint) and a real
/// <c>prometheus</c> server scraping <c>/metrics</c> with a bearer token. Both come with the apt package
/// <c>prometheus</c> (eng/install-test-deps.sh); in CI they must be there, elsewhere the tests skip without them.
/// </summary>
public sealed class PrometheusInteropTests
{
    private const string Promtool = "/usr/bin/promtool";

    [Fact]
    public async Task Metrics_RealScrape_PassesPromtoolCheckMetrics()
    {
        RequireInstalled(Promtool);
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        await using var ok = FleetBackends.Ok();
        var fleet = new FleetSeeder(server, projectId);
        var lb = await fleet.LoadBalancerAsync();
        var pool = await fleet.PoolAsync(lb);
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var up = await fleet.MemberAsync(pool, ok.Port, name: "up \"1\"");
        var down = await fleet.MemberAsync(pool, FleetBackends.ClosedPort(), address: "127.0.0.2", name: "down\\2\n");
        await fleet.MemberAsync(await fleet.PoolAsync(lb, name: "bare"), 8080);
        await FleetWait.StateAsync(client, up.Id, "Healthy");
        await FleetWait.StateAsync(client, down.Id, "Unhealthy");
        using var admin = server.Admin();
        var scrape = await MetricsScrape.GetAsync(admin);
        Assert.True(scrape.Has("vitals_member_last_check_failure_info"));

        var (exitCode, output) = await RunAsync(Promtool, ["check", "metrics"], scrape.Text);

        Assert.True(exitCode == 0, $"promtool check metrics exited {exitCode}: {output}");
    }

    [Fact]
    public async Task Metrics_ScrapedByARealPrometheus_QueryAnswersMemberUp()
    {
        RequireInstalled(PrometheusProcess.Binary);
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        await using var ok = FleetBackends.Ok();
        var fleet = new FleetSeeder(server, projectId);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var up = await fleet.MemberAsync(pool, ok.Port);
        var down = await fleet.MemberAsync(pool, FleetBackends.ClosedPort(), address: "127.0.0.2");
        await FleetWait.StateAsync(client, up.Id, "Healthy");
        await FleetWait.StateAsync(client, down.Id, "Unhealthy");
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
        var cancellationToken = TestContext.Current.CancellationToken;

        await using var prometheus = await PrometheusProcess.StartAsync(server.BaseAddress, token, cancellationToken);
        var clock = Stopwatch.StartNew();
        IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)> series = [];
        while (clock.Elapsed < TimeSpan.FromSeconds(60) && series.Count < 2)
        {
            await Task.Delay(250, cancellationToken);
            series = await prometheus.QueryAsync("vitals_member_up", cancellationToken);
        }

        Assert.True(series.Count == 2, $"vitals_member_up: {series.Count} series after {clock.Elapsed.TotalSeconds:F0} s; log: {prometheus.Log}");
        var byMember = series.ToDictionary(s => s.Labels["member"], s => s, StringComparer.Ordinal);
        Assert.Equal(1, byMember[up.Id].Value);
        Assert.Equal(0, byMember[down.Id].Value);
        Assert.Equal(("vitals", projectId, pool.Id), (byMember[up.Id].Labels["job"], byMember[up.Id].Labels["project"], byMember[up.Id].Labels["pool"]));
        var scrapeUp = Assert.Single(await prometheus.QueryAsync("up{job=\"vitals\"}", cancellationToken));
        Assert.Equal(1, scrapeUp.Value);
        var failure = Assert.Single(await prometheus.QueryAsync("vitals_member_last_check_failure_info", cancellationToken));
        Assert.Equal((down.Id, "CONNECT_FAILED"), (failure.Labels["member"], failure.Labels["reason_code"]));
    }

    private static void RequireInstalled(string binary)
    {
        if (File.Exists(binary))
        {
            return;
        }

        // In CI the package is installed by eng/install-test-deps.sh: missing there is a failure, not a skip.
        Assert.False(Environment.GetEnvironmentVariable("CI") is { Length: > 0 }, $"{binary} is missing in CI: eng/install-test-deps.sh installs it");
        Assert.Skip($"{binary} is not installed (apt package prometheus; eng/install-test-deps.sh installs it)");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string binary, string[] arguments, string input)
    {
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{binary} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
