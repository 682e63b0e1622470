using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Vitals.Control.Instances;
using Vitals.Server.Tests.Dialects;
using Vitals.Testing;

namespace Vitals.Server.Tests.Instances;

public sealed class NodeExporterScraperTests
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false });

    [Fact]
    public async Task ScrapeAsync_RealNodeExporter_MatchesWhatTheKernelSays()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var exporter = await NodeExporterProcess.StartAsync(allCollectors: false, ct);
        var sut = new NodeExporterScraper(Http, TimeProvider.System);
        var loadBefore = ReadLoad1();

        var result = await sut.ScrapeAsync(exporter.MetricsUrl, ct);

        var loadAfter = ReadLoad1();
        Assert.True(result.Succeeded, $"{result.Failure}: {result.Detail}");
        Assert.Empty(result.ParseErrors);
        var metrics = result.Metrics!;
        var cpus = CountCpus();
        Assert.InRange(metrics.LoadPerCpu!.Value, (Math.Min(loadBefore, loadAfter) - 0.5) / cpus, (Math.Max(loadBefore, loadAfter) + 0.5) / cpus);
        Assert.InRange(metrics.MemoryAvailableRatio!.Value, ReadMemoryAvailableRatio() - 0.05, ReadMemoryAvailableRatio() + 0.05);
        var root = new DriveInfo("/");
        var diskRatio = (double)root.AvailableFreeSpace / root.TotalSize;
        Assert.InRange(metrics.DiskFreeRatio!.Value, diskRatio - 0.01, diskRatio + 0.01);
    }

    [Fact]
    public async Task Parse_RealNodeExporterFullOutput_HasNoUnreadableLine()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var exporter = await NodeExporterProcess.StartAsync(allCollectors: true, ct);

        var text = await Http.GetStringAsync(exporter.MetricsUrl, ct);
        var sut = PrometheusTextParser.Parse(text);

        Assert.Empty(sut.Errors);
        Assert.Equal("gauge", sut.Types["node_load1"]);
        Assert.NotEmpty(sut.Named("node_cpu_seconds_total"));
        Assert.Contains(sut.Samples, s => s.Name == "node_scrape_collector_success" && s.Label("collector") == "meminfo" && s.Value == 1);
        Assert.True(sut.Samples.Count > 500, $"only {sut.Samples.Count} samples: the default collectors did not run");
    }

    [Fact]
    public async Task ScrapeAsync_ServerError_HttpStatusFailure()
    {
        await using var host = await LoopbackDialectHost.StartAsync(context =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        var sut = new NodeExporterScraper(Http, TimeProvider.System);

        var result = await sut.ScrapeAsync(Url(host.Port), TestContext.Current.CancellationToken);

        Assert.Equal(NodeExporterScrapeFailure.HttpStatus, result.Failure);
        Assert.Equal("HTTP 503", result.Detail);
        Assert.Null(result.Metrics);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ScrapeAsync_BodyOverCap_TooLarge(bool announceLength)
    {
        var body = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("node_load1 1\n", 2000)));
        await using var host = await LoopbackDialectHost.StartAsync(async context =>
        {
            if (announceLength)
            {
                context.Response.ContentLength = body.Length;
            }

            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        });
        var sut = new NodeExporterScraper(Http, TimeProvider.System, new NodeExporterScraperOptions { MaxResponseBytes = 10_000 });

        var result = await sut.ScrapeAsync(Url(host.Port), TestContext.Current.CancellationToken);

        Assert.Equal(NodeExporterScrapeFailure.TooLarge, result.Failure);
    }

    [Fact]
    public async Task ScrapeAsync_BodyJustUnderCap_Succeeds()
    {
        var body = Encoding.ASCII.GetBytes("node_load1 3\nnode_cpu_seconds_total{cpu=\"0\",mode=\"idle\"} 1\n");
        await using var host = await LoopbackDialectHost.StartAsync(context => context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask());
        var sut = new NodeExporterScraper(Http, TimeProvider.System, new NodeExporterScraperOptions { MaxResponseBytes = body.Length });

        var result = await sut.ScrapeAsync(Url(host.Port), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal(3.0, result.Metrics!.LoadPerCpu);
        Assert.Null(result.Metrics.DiskFreeRatio);
    }

    [Fact]
    public async Task ScrapeAsync_NotPrometheusText_Unparsable()
    {
        await using var host = await LoopbackDialectHost.StartAsync(context => context.Response.WriteAsync("<html><body>login</body></html>", context.RequestAborted));
        var sut = new NodeExporterScraper(Http, TimeProvider.System);

        var result = await sut.ScrapeAsync(Url(host.Port), TestContext.Current.CancellationToken);

        Assert.Equal(NodeExporterScrapeFailure.Unparsable, result.Failure);
        Assert.NotEmpty(result.ParseErrors);
    }

    [Fact]
    public async Task ScrapeAsync_NothingListening_ConnectFailed()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var sut = new NodeExporterScraper(Http, TimeProvider.System);

        var result = await sut.ScrapeAsync(Url(port), TestContext.Current.CancellationToken);

        Assert.Equal(NodeExporterScrapeFailure.ConnectFailed, result.Failure);
        Assert.Contains("ConnectionError", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScrapeAsync_ExporterNeverAnswers_TimeoutFromTheDeadline()
    {
        using var blackHole = new TcpListener(IPAddress.Loopback, 0);
        blackHole.Start();
        var time = new ManualTimeProvider();
        var sut = new NodeExporterScraper(Http, time, new NodeExporterScraperOptions { Timeout = TimeSpan.FromSeconds(5) });

        var scrape = sut.ScrapeAsync(Url(((IPEndPoint)blackHole.LocalEndpoint).Port), TestContext.Current.CancellationToken).AsTask();
        time.Advance(TimeSpan.FromSeconds(6));
        var result = await scrape.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(NodeExporterScrapeFailure.Timeout, result.Failure);
        Assert.Contains("5 s", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScrapeAsync_CallerCancels_Propagates()
    {
        using var blackHole = new TcpListener(IPAddress.Loopback, 0);
        blackHole.Start();
        using var caller = new CancellationTokenSource();
        var sut = new NodeExporterScraper(Http, TimeProvider.System);

        var scrape = sut.ScrapeAsync(Url(((IPEndPoint)blackHole.LocalEndpoint).Port), caller.Token).AsTask();
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scrape.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
    }

    private static Uri Url(int port) => new($"http://127.0.0.1:{port}/metrics");

    private static double ReadLoad1() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    private static int CountCpus() =>
        File.ReadLines("/proc/stat").Count(l => l.StartsWith("cpu", StringComparison.Ordinal) && l.Length > 3 && char.IsAsciiDigit(l[3]));

    private static double ReadMemoryAvailableRatio()
    {
        double Field(string name) => double.Parse(
            File.ReadLines("/proc/meminfo").First(l => l.StartsWith(name + ":", StringComparison.Ordinal))
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

        return Field("MemAvailable") / Field("MemTotal");
    }
}
