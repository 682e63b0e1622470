using System.Diagnostics;
using System.Text.Json;
using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Probe;

/// <summary><c>vitals probe --targets-file</c>: real engine, real loopback targets, real seconds.</summary>
public sealed class ProbeCommandScheduledTests
{
    [Fact]
    public async Task Probe_TargetsFileWithOneRefusedTarget_PrintsTransitionsAndEndsWithSummary()
    {
        await using var web1 = LoopbackHttpServer.WithStatus(200, "OK");
        await using var web2 = LoopbackHttpServer.WithStatus(200, "OK");
        var refused = $"127.0.0.1:{LoopbackPorts.Closed()}";
        using var file = new TempFile($"# three targets\n{web1.Target}\n\n{web2.Target}  # second\n{refused}\n");

        var run = await CliRun.InProcessAsync("probe", "--targets-file", file.Path, "--delay", "1", "--duration", "3",
            "--max-retries", "1", "--max-retries-down", "1", "-o", "json");

        Assert.Equal(1, run.ExitCode); // one target did not end healthy
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var events = lines.Select(static l => JsonDocument.Parse(l).RootElement).ToList();
        var transitions = events.Where(static e => e.GetProperty("event").GetString() == "transition").ToList();
        Assert.Contains(transitions, e => Is(e, web1.Target, "Initial", "Healthy") && e.GetProperty("check_code").GetString() == "L4OK"
            && e.GetProperty("reason_code").ValueKind == JsonValueKind.Null);
        Assert.Contains(transitions, e => Is(e, web2.Target, "Initial", "Healthy"));
        Assert.Contains(transitions, e => Is(e, refused, "Initial", "Unhealthy")
            && e.GetProperty("reason_code").GetString() == "CONNECT_FAILED" && e.GetProperty("check_code").GetString() == "L4CON");
        Assert.All(transitions, static e => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", e.GetProperty("at").GetString()));

        var summary = events[^1];
        Assert.Equal("summary", summary.GetProperty("event").GetString());
        Assert.Single(events, static e => e.GetProperty("event").GetString() == "summary");
        Assert.Equal(3, summary.GetProperty("targets").GetInt32());
        var checks = summary.GetProperty("checks").GetInt64();
        var passes = summary.GetProperty("passes").GetInt64();
        var failures = summary.GetProperty("failures").GetInt64();
        Assert.Equal(checks, passes + failures);
        Assert.InRange(passes, 2, 2 * 6); // each web target at least once, at most about once a second for 3 s
        Assert.InRange(failures, 1, 6);
        Assert.Equal(failures, summary.GetProperty("by_reason").GetProperty("CONNECT_FAILED").GetInt64());
        Assert.Equal(transitions.Count, summary.GetProperty("transitions").GetInt64());
        Assert.Equal(2, summary.GetProperty("states").GetProperty("Healthy").GetInt32());
        Assert.Equal(1, summary.GetProperty("states").GetProperty("Unhealthy").GetInt32());
        Assert.Equal(0, summary.GetProperty("states").GetProperty("Initial").GetInt32());
        Assert.InRange(summary.GetProperty("duration_s").GetDouble(), 2.9, 60);
        var lateness = summary.GetProperty("lateness_ms");
        foreach (var name in (string[])["p50", "p99", "max"])
        {
            // Percentiles come from histogram buckets, so they are not ordered against the exact max.
            Assert.InRange(lateness.GetProperty(name).GetDouble(), 0, 60_000);
        }

        Assert.InRange(summary.GetProperty("skipped").GetInt64(), 0, checks);
    }

    [Fact]
    public async Task Probe_TargetsFileTextMode_PrintsReadableTransitionsThenJsonSummary()
    {
        await using var web = LoopbackHttpServer.WithStatus(200, "OK");
        var refused = $"127.0.0.1:{LoopbackPorts.Closed()}";
        using var file = new TempFile($"{web.Target}\n{refused}\n");

        var run = await CliRun.InProcessAsync("probe", "--targets-file", file.Path, "--delay", "1", "--duration", "2",
            "--max-retries", "1", "--max-retries-down", "1");

        Assert.Equal(1, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains($"  {web.Target}  Initial -> Healthy  L4OK  Layer4 check passed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"  {refused}  Initial -> Unhealthy  CONNECT_FAILED  L4CON  Layer4 connection problem", StringComparison.Ordinal));
        using var summary = JsonDocument.Parse(lines[^1]);
        Assert.Equal("summary", summary.RootElement.GetProperty("event").GetString());
        Assert.Equal(2, summary.RootElement.GetProperty("targets").GetInt32());
    }

    [Fact]
    public async Task Probe_RealProcessWithoutDuration_StopsOnSigtermWithSummary()
    {
        await using var web = LoopbackHttpServer.WithStatus(200, "OK");
        using var file = new TempFile($"{web.Target}\n");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        using var process = CliRun.StartProcess("probe", "--targets-file", file.Path, "--delay", "1",
            "--max-retries", "1", "-o", "json");
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            // The first line is the transition to Healthy: printed as it happens, while the run goes on.
            var first = await process.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.NotNull(first);
            using (var transition = JsonDocument.Parse(first))
            {
                Assert.True(Is(transition.RootElement, web.Target, "Initial", "Healthy"), first);
            }

            Assert.False(process.HasExited);
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(timeout.Token);
            }

            var rest = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);

            Assert.Equal(0, process.ExitCode); // the one target ended healthy
            var lines = rest.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            using var summary = JsonDocument.Parse(lines[^1]);
            Assert.Equal("summary", summary.RootElement.GetProperty("event").GetString());
            Assert.Equal(1, summary.RootElement.GetProperty("states").GetProperty("Healthy").GetInt32());
            Assert.True(summary.RootElement.GetProperty("passes").GetInt64() >= 1);
            Assert.Equal("", await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Probe_TargetsFileWithBadLine_ExitsTwoNamingTheLine()
    {
        using var file = new TempFile("127.0.0.1:80\n# comment\n127.0.0.1\n");

        var run = await CliRun.InProcessAsync("probe", "--targets-file", file.Path, "--duration", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains($"targets_file: {file.Path} line 3: the port is missing", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_TargetsFileAndAddress_ExitsTwo()
    {
        using var file = new TempFile("127.0.0.1:80\n");

        var run = await CliRun.InProcessAsync("probe", "--targets-file", file.Path, "127.0.0.1:81");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("address: give either ADDRESS:PORT or --targets-file, not both", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--duration", "0", "duration: must be an integer from 1 to 2000000 (got 0)")]
    [InlineData("--max-in-flight", "x", "max_in_flight: must be an integer from 1 to 1000000 (got 'x')")]
    public async Task Probe_BadScheduleOption_ExitsTwo(string option, string value, string message)
    {
        using var file = new TempFile("127.0.0.1:80\n");

        var run = await CliRun.InProcessAsync("probe", "--targets-file", file.Path, option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_MissingTargetsFile_ExitsTwo()
    {
        var run = await CliRun.InProcessAsync("probe", "--targets-file", "/nonexistent/targets.txt");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("targets_file: cannot read '/nonexistent/targets.txt'", run.Stderr, StringComparison.Ordinal);
    }

    private static bool Is(JsonElement e, string target, string from, string to) =>
        e.GetProperty("target").GetString() == target && e.GetProperty("from").GetString() == from
        && e.GetProperty("to").GetString() == to;
}
