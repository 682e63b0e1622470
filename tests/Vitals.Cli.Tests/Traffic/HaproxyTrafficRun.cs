using System.Diagnostics;
using System.Globalization;
using System.Net;
using Vitals.Cli.Tests.Export;
using Vitals.Cli.Tests.Support;
using Vitals.Testing;
using static Vitals.Cli.Tests.Traffic.HaproxyEndToEnd;

namespace Vitals.Cli.Tests.Traffic;

/// <summary>
/// The client-side half of an HAProxy end-to-end test: a <see cref="TrafficLoop"/> through HAProxy's <c>web</c> frontend
/// and the steps both paths go through (a backend fails, it recovers, an all-failing pool with and without
/// <c>min_healthy_percent</c>), each measured, printed and asserted against its bound.
/// </summary>
internal sealed class HaproxyTrafficRun : IAsyncDisposable
{
    private static readonly string[] Web = ["a", "b", "c"];

    private readonly HaproxyProcess _haproxy;
    private readonly VitalsRest _rest;
    private readonly string _webPool;
    private readonly string _path;
    private readonly HttpClient _http;
    private readonly ITestOutputHelper _output = TestContext.Current.TestOutputHelper!;

    /// <param name="haproxy">The running HAProxy, read through its admin socket.</param>
    /// <param name="rest">Vitals' REST API.</param>
    /// <param name="webPool">The id of the pool behind the <c>web</c> frontend.</param>
    /// <param name="webPort">The <c>web</c> frontend's port on 127.0.0.1.</param>
    /// <param name="path">Which path moves the traffic, for the printed figures ("runtime API", "agent").</param>
    public HaproxyTrafficRun(HaproxyProcess haproxy, VitalsRest rest, string webPool, int webPort, string path)
    {
        _haproxy = haproxy;
        _rest = rest;
        _webPool = webPool;
        _path = path;
        // A new connection per request: a killed HAProxy takes its keep-alive connections with it.
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        _http.DefaultRequestHeaders.ConnectionClose = true;
        Traffic = new TrafficLoop(_http, $"http://127.0.0.1:{webPort}/");
    }

    public TrafficLoop Traffic { get; }

    /// <summary>Waits until each of a, b and c has answered through HAProxy.</summary>
    public async Task AllServeAsync()
    {
        foreach (var name in Web)
        {
            await Traffic.WaitForAsync(r => r.Body == name, name);
        }
    }

    /// <summary>
    /// <paramref name="failing"/> starts answering 500. Vitals decides it is down (rotation <c>down</c>), the path
    /// propagates it (HAProxy shows it stopped); from then on no client error and no request reaches it; the errors
    /// before end within fall × delay + timeout + <paramref name="propagation"/> + margin. Returns when HAProxy had it
    /// down, on the traffic clock.
    /// </summary>
    public async Task<TimeSpan> BackendFailsAsync(NamedHttpBackend failing, TimeSpan propagation)
    {
        var failedAt = Traffic.Elapsed;
        failing.Failing = true;
        await _rest.UntilRotationAsync(_webPool, failing.Name, "down");
        var detectedAt = Traffic.Elapsed;
        await UntilAsync(_haproxy, "edge_web", s => Exactly(s, Web, [.. Web.Where(n => n != failing.Name)]), $"{failing.Name} down");
        var downAt = Traffic.Elapsed;
        // The loop is sequential: once a request that started after HAProxy had it down is answered, none is on its way to it.
        await Traffic.WaitForAsync(r => r.Start > downAt, "a request after the propagation");
        var servedAtDown = failing.Served;
        await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken);
        var quietUntil = Traffic.Elapsed;

        var window = Traffic.Between(failedAt, quietUntil);
        var errors = window.Where(static r => r.Status != 200).ToList();
        Assert.NotEmpty(errors); // it took its share of the traffic before it was taken out: the loop does see failures
        Assert.All(errors, r => Assert.True(r.Status == 500 && r.Body == failing.Name, $"an error not from {failing.Name}: {r}"));
        var lastError = errors[^1].Start - failedAt;
        var bound = TimeSpan.FromSeconds((Fall * Delay) + CheckTimeout) + propagation + Margin;
        Print($"{failing.Name} answers 500: Vitals' verdict after {Ms(detectedAt - failedAt)}, HAProxy down after {Ms(downAt - failedAt)} "
            + $"(propagation {Ms(downAt - detectedAt)}); {errors.Count} client errors of {window.Count} requests, the last {Ms(lastError)} after the failure "
            + $"({Ms(errors[^1].Start - detectedAt)} after the verdict; bound fall {Fall} x delay {Delay} s + timeout {CheckTimeout} s + propagation "
            + $"{propagation.TotalSeconds} s + margin {Margin.TotalSeconds} s = {Ms(bound)})");
        Assert.True(lastError <= bound, $"the last client error came {Ms(lastError)} after {failing.Name} failed, more than {Ms(bound)}");
        var after = Traffic.Between(downAt, quietUntil);
        Assert.True(after.Count >= 20, $"only {after.Count} requests after the propagation");
        Assert.All(after, r => Assert.True(r.Status == 200 && r.Body != failing.Name, $"after HAProxy took {failing.Name} out: {r}"));
        Assert.True(failing.Served == servedAtDown, $"{failing.Name} received {failing.Served - servedAtDown} requests after HAProxy took it out");
        return downAt;
    }

    /// <summary>
    /// <paramref name="failing"/> answers 200 again: Vitals puts it back after rise checks and it takes traffic again
    /// within rise × delay + timeout + <paramref name="propagation"/> + margin, with no client error meanwhile.
    /// </summary>
    public async Task BackendRecoversAsync(NamedHttpBackend failing, TimeSpan propagation)
    {
        var recoveredAt = Traffic.Elapsed;
        failing.Failing = false;
        var back = await Traffic.WaitForAsync(r => r.Start > recoveredAt && r.Body == failing.Name, $"{failing.Name} serving again");
        var bound = TimeSpan.FromSeconds((Rise * Delay) + CheckTimeout) + propagation + Margin;
        Print($"{failing.Name} recovers: serving again {Ms(back.Start - recoveredAt)} after it did (bound rise {Rise} x delay {Delay} s + timeout "
            + $"{CheckTimeout} s + propagation {propagation.TotalSeconds} s + margin {Margin.TotalSeconds} s = {Ms(bound)})");
        Assert.True(back.Start - recoveredAt <= bound, $"{failing.Name} served again {Ms(back.Start - recoveredAt)} after recovering, more than {Ms(bound)}");
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        var since = Traffic.Between(recoveredAt, Traffic.Elapsed);
        Assert.All(since, static r => Assert.Equal(200, r.Status));
        Assert.Equal(Web.ToHashSet(), since.Where(r => r.Start > back.Start).Select(static r => r.Body).ToHashSet());
    }

    /// <summary>
    /// The pool <c>safe</c>: every member fails its health check but serves traffic. HAProxy has them all down and answers
    /// 503; with <c>min_healthy_percent: 50</c> (over REST) Vitals keeps one in rotation and the clients get 200s from it.
    /// </summary>
    public async Task PanicPoolKeepsServingAsync(int safePort, NamedHttpBackend[] safe)
    {
        var names = safe.Select(static b => b.Name).ToArray();
        await UntilAsync(_haproxy, "edge_safe", s => Exactly(s, names, []), "every member of safe down");
        using (var none = await _http.GetAsync($"http://127.0.0.1:{safePort}/", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, none.StatusCode); // HAProxy's own answer: no server left
        }

        var (safePool, _) = await _rest.PoolAsync("safe");
        var set = Stopwatch.GetTimestamp();
        await _rest.SetMinHealthyPercentAsync(safePool, 50);
        var kept = await UntilAsync(_haproxy, "edge_safe", s => s.Count == names.Length && s.Values.Count(static v => v.IsUp) == 1, "one member kept");
        var keptName = kept.Values.Single(static v => v.IsUp).ServerName;
        await using var traffic = new TrafficLoop(_http, $"http://127.0.0.1:{safePort}/");
        await traffic.WaitForAsync(static r => r.Status == 200, "the panic pool serving");
        Print($"panic: min_healthy_percent 50 set, HAProxy serves the all-failing pool through {keptName} {Ms(Stopwatch.GetElapsedTime(set))} later");
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        var run = await traffic.StopAsync();
        Assert.True(run.Count >= 20, $"only {run.Count} requests to the panic pool");
        // Every request from the first: HAProxy had the kept member up before the loop started.
        Assert.All(run, r => Assert.True(r.Status == 200 && r.Body == keptName, $"panic pool: {r}"));
        Assert.All(safe, b => Assert.True(b.HealthFailing, $"{b.Name}'s health check must still fail"));
    }

    public void Print(string line) => _output.WriteLine($"[{_path}] {line}");

    public static string Ms(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:0} ms");

    public async ValueTask DisposeAsync()
    {
        await Traffic.DisposeAsync();
        _http.Dispose();
    }
}
