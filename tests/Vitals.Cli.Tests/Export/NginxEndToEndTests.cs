using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vitals.Cli.Export.Nginx;
using Vitals.Cli.Tests.Support;
using Vitals.Control.Fleet;

namespace Vitals.Cli.Tests.Export;

/// <summary>
/// The closed loop with the real nginx: Vitals checks three loopback backends, <c>vitals export nginx --standalone
/// --watch … --reload-pidfile …</c> keeps nginx's configuration current and reloads it, and a client sends requests
/// through nginx while one backend fails and recovers. nginx's own passive checks are off (<c>max_fails=0</c>), so
/// every change seen by the client is Vitals' doing.
/// </summary>
public sealed class NginxEndToEndTests
{
    // The monitor: a check every Delay, down after Fall failed checks, up after one good one, Timeout per check.
    private const int Delay = 1, Fall = 2, Timeout = 1;
    private const double Interval = 1;

    /// <summary>The slack on top of the computed bound (a loaded CI machine runs four test suites on two cores).</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);

    /// <summary>After nginx is told to reload, its old workers (old configuration) keep accepting until the new ones run.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    private static string Fleet(int webPort, int panicPort, NamedHttpBackend[] web, NamedHttpBackend[] panic) => $$"""
        loadbalancers:
          - name: edge
            listeners:
              - name: web
                protocol: HTTP
                protocol_port: {{webPort}}
                pool:
                  name: web
                  protocol: HTTP
                  health_monitor: { type: HTTP, delay: {{Delay}}, timeout: {{Timeout}}, max_retries: 1, max_retries_down: {{Fall}}, url_path: /health }
                  members:
        {{Members(web)}}
              - name: panic
                protocol: HTTP
                protocol_port: {{panicPort}}
                pool:
                  name: safe
                  protocol: HTTP
                  health_monitor: { type: HTTP, delay: {{Delay}}, timeout: {{Timeout}}, max_retries: 1, max_retries_down: {{Fall}}, url_path: /health }
                  members:
        {{Members(panic)}}
        """;

    private static string Members(NamedHttpBackend[] backends) => string.Join('\n',
        backends.Select(b => $"                    - {{ name: {b.Name}, address: 127.0.0.1, protocol_port: {b.Port} }}"));

    [Fact]
    public async Task Nginx_BackendFailsAndRecovers_VitalsMovesTheTrafficAndAPanicPoolKeepsServing()
    {
        NginxProcess.RequireInstalled();
        var output = TestContext.Current.TestOutputHelper!;
        await using var server = await CliTestServer.StartAsync();
        await using var a = new NamedHttpBackend("a");
        await using var b = new NamedHttpBackend("b");
        await using var c = new NamedHttpBackend("c");
        await using var p1 = new NamedHttpBackend("p1") { HealthFailing = true };
        await using var p2 = new NamedHttpBackend("p2") { HealthFailing = true };
        int webPort = LoopbackPorts.Closed(), panicPort = LoopbackPorts.Closed();
        var applied = await server.ApplyAsync(Fleet(webPort, panicPort, [a, b, c], [p1, p2]));
        Assert.True(applied.ExitCode == 0, applied.Stderr);
        using (await server.WaitForStatusAsync(s => new[] { "a", "b", "c" }.All(n => CliTestServer.StateOf(s, n) == "Healthy")
            && new[] { "p1", "p2" }.All(n => CliTestServer.StateOf(s, n) == "Unhealthy")))
        {
        }

        var prefix = Directory.CreateTempSubdirectory("vitals-nginx-e2e-").FullName;
        try
        {
            var config = Path.Combine(prefix, "nginx.conf");
            var pidFile = Path.Combine(prefix, "nginx.pid");
            await using var watch = new BackgroundCli("export", "nginx", "--standalone", "--watch", config, "--reload-pidfile", pidFile,
                "--interval", Interval.ToString(CultureInfo.InvariantCulture), "--server", server.Url, "--token", server.Token);
            // nginx is not running yet: the file is written, the reload reported (and tried again each interval).
            await watch.WaitForStderrAsync(e => e.Contains("cannot read the pid file", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "missing pid file");
            var first = await File.ReadAllTextAsync(config, TestContext.Current.CancellationToken);
            Assert.Contains("3 of 3 members in rotation", first, StringComparison.Ordinal);
            Assert.Contains("every member is out of rotation: nginx answers 502", first, StringComparison.Ordinal);
            await using var nginx = await NginxProcess.StartAsync(prefix, config);
            await watch.WaitForStdoutAsync(o => o.Contains($"reloaded nginx (pid {nginx.Pid})", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the first reload");

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            http.DefaultRequestHeaders.ConnectionClose = true; // a reload closes idle keep-alive connections; each request its own
            await using var traffic = new TrafficLoop(http, $"http://127.0.0.1:{webPort}/");
            await traffic.WaitForAsync(r => r.Body == "a", "a");
            await traffic.WaitForAsync(r => r.Body == "b", "b");
            await traffic.WaitForAsync(r => r.Body == "c", "c");

            // b fails: Vitals sees it after Fall checks, the watcher rewrites the file and reloads nginx.
            var failedAt = traffic.Elapsed;
            b.Failing = true;
            await watch.WaitForStdoutAsync(o => o.Contains("out: edge_web/b (down HTTP_CODE_NOT_MATCH)", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "b out of rotation");
            var reloadedAt = traffic.Elapsed;
            await Task.Delay(Grace, TestContext.Current.CancellationToken);
            var servedBefore = b.Served;
            await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken);
            var quietUntil = traffic.Elapsed;

            var failing = traffic.Between(failedAt, quietUntil);
            var errors = failing.Where(r => r.Status != 200).ToList();
            Assert.NotEmpty(errors); // b took its share of traffic before Vitals took it out: the loop does see failures
            Assert.All(errors, r => Assert.True(r.Status == 500 && r.Body == "b", $"an error not from b: {r}"));
            var lastError = errors[^1].Start - failedAt;
            var bound = TimeSpan.FromSeconds((Fall * Delay) + Timeout + Interval) + NginxWatch.Debounce + Margin;
            output.WriteLine($"b failing: {errors.Count} client errors of {failing.Count} requests; last error {lastError.TotalMilliseconds:0} ms after the failure "
                + $"(bound fall {Fall} x delay {Delay} s + timeout {Timeout} s + interval {Interval} s + debounce {NginxWatch.Debounce.TotalMilliseconds} ms + margin {Margin.TotalSeconds} s = {bound.TotalMilliseconds:0} ms); "
                + $"reload logged {(reloadedAt - failedAt).TotalMilliseconds:0} ms after the failure");
            Assert.True(lastError <= bound, $"the last client error came {lastError.TotalMilliseconds:0} ms after b failed, more than {bound.TotalMilliseconds:0} ms");
            var after = traffic.Between(reloadedAt + Grace, quietUntil);
            Assert.True(after.Count >= 20, $"only {after.Count} requests after the reload");
            Assert.All(after, r => Assert.True(r.Status == 200 && r.Body is "a" or "c", $"after the reload: {r}"));
            Assert.True(b.Served == servedBefore, $"b took {b.Served - servedBefore} requests after the reload");

            // b recovers: back in rotation after one good check, and it takes traffic again.
            var recoveredAt = traffic.Elapsed;
            b.Failing = false;
            await watch.WaitForStdoutAsync(o => o.Contains("in: edge_web/b", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "b back in rotation");
            var back = await traffic.WaitForAsync(r => r.Start > recoveredAt && r.Body == "b", "b serving again");
            output.WriteLine($"b recovered: serving again {(back.Start - recoveredAt).TotalMilliseconds:0} ms after it did");
            Assert.True(back.Start - recoveredAt <= TimeSpan.FromSeconds((1 * Delay) + Timeout + Interval) + NginxWatch.Debounce + Margin);
            Assert.DoesNotContain(traffic.Between(recoveredAt, traffic.Elapsed), r => r.Status != 200);
            var total = await traffic.StopAsync();
            Assert.DoesNotContain(total, r => r.Status is not (200 or 500));

            // The pool whose every member fails its health check: nginx answers 502 ...
            using var none = await http.GetAsync($"http://127.0.0.1:{panicPort}/", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.BadGateway, none.StatusCode);

            // ... until min_healthy_percent keeps the least-bad in rotation (the panic), and it keeps serving.
            var panicAt = Stopwatch.StartNew();
            await SetMinHealthyPercentAsync(server, "safe", 50);
            await watch.WaitForStdoutAsync(o => o.Contains("in: edge_safe/", StringComparison.Ordinal) && o.Contains("(kept by panic)", StringComparison.Ordinal),
                TimeSpan.FromSeconds(20), "a member kept by the panic");
            await using var panicTraffic = new TrafficLoop(http, $"http://127.0.0.1:{panicPort}/");
            var served = await panicTraffic.WaitForAsync(r => r.Status == 200, "the panic pool serving");
            output.WriteLine($"panic: the all-failing pool serves again {panicAt.ElapsedMilliseconds} ms after min_healthy_percent was set");
            await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
            // The same grace as above: for a moment after SIGHUP the old workers (old configuration) still accept.
            var panicRun = panicTraffic.Between(served.Start + Grace, panicTraffic.Elapsed);
            Assert.True(panicRun.Count >= 20, $"only {panicRun.Count} requests to the panic pool");
            Assert.All(panicRun, r => Assert.True(r.Status == 200 && r.Body is "p1" or "p2", $"panic pool: {r}"));
            Assert.Contains("kept in rotation by the pool's panic (min_healthy_percent)", await File.ReadAllTextAsync(config, TestContext.Current.CancellationToken),
                StringComparison.Ordinal);

            // Every file the watcher wrote was loaded: nginx reconfigured and refused none.
            Assert.Contains("reconfiguring", nginx.ErrorLog(), StringComparison.Ordinal);
            Assert.DoesNotContain("[emerg]", nginx.ErrorLog(), StringComparison.Ordinal);
            Assert.Equal(0, await watch.StopAsync());
        }
        finally
        {
            Directory.Delete(prefix, recursive: true);
        }
    }

    /// <summary>Sets a pool's min_healthy_percent the way the server's fleet observer sees any change (the REST field is not there yet).</summary>
    private static async Task SetMinHealthyPercentAsync(CliTestServer server, string poolName, int percent)
    {
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token);
        using var pools = JsonDocument.Parse(await client.GetStringAsync("/api/v1/pools", TestContext.Current.CancellationToken));
        var pool = pools.RootElement.GetProperty("pools").EnumerateArray().Single(p => p.GetProperty("name").GetString() == poolName);
        var fleet = server.Services.GetRequiredService<FleetService>();
        var view = await fleet.GetServerGroupAsync(pool.GetProperty("project_id").GetString()!, pool.GetProperty("id").GetString()!, TestContext.Current.CancellationToken);
        Assert.True(view.IsSuccess);
        server.Services.GetRequiredService<IFleetObserver>().OnUpserted(view.Value!.Pool with { MinHealthyPercent = percent });
    }
}
