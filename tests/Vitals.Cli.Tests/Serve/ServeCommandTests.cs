using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Vitals.Cli.Tests.Support;
using Vitals.Testing;

namespace Vitals.Cli.Tests.Serve;

public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_Demo_PrintsTokenAndCurlLine_ServesLiveStatus_AndStopsOnSigterm()
    {
        var dataDir = Directory.CreateTempSubdirectory("vitals-serve-").FullName;
        var port = LoopbackTcp.RefusedPort().Port;
        using var process = CliRun.StartProcess("serve", "--listen", $"127.0.0.1:{port}", "--data-dir", dataDir, "--demo");
        try
        {
            var output = new List<string>();
            var curl = await ReadUntilAsync(process, output, line => line.Contains("/listeners/", StringComparison.Ordinal));
            Assert.Contains(output, line => line.StartsWith("demo project token: vt_demo_token ", StringComparison.Ordinal));
            Assert.Contains(output, line => line == $"console: http://127.0.0.1:{port}/ (sign in with a project token)");
            Assert.Contains(output, line => line.StartsWith($"vitals listening on http://127.0.0.1:{port}", StringComparison.Ordinal));

            var url = curl[curl.IndexOf("http://", StringComparison.Ordinal)..].Trim();
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "vt_demo_token");
            var healthy = 0;
            var deadline = Stopwatch.StartNew();
            while (healthy < 3 && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(200, TestContext.Current.CancellationToken);
                using var doc = JsonDocument.Parse(await client.GetStringAsync(url, TestContext.Current.CancellationToken));
                healthy = doc.RootElement.GetProperty("pools")[0].GetProperty("counts").GetProperty("Healthy").GetInt32();
            }

            Assert.Equal(3, healthy);
            var page = await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/"), TestContext.Current.CancellationToken);
            Assert.Contains("/console/js/app.js", page, StringComparison.Ordinal);
            await StopBySigtermAsync(process, output);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_BadListen_IsAUsageError()
    {
        var run = await CliRun.InProcessAsync("serve", "--listen", "nowhere");

        Assert.Equal(ExitCodes.InvalidUsage, run.ExitCode);
        Assert.Contains("ADDRESS:PORT", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    public async Task Serve_ResultHistoryOutOfRange_IsAUsageError(string value)
    {
        var run = await CliRun.InProcessAsync("serve", "--listen", "127.0.0.1:0", "--result-history", value);

        Assert.Equal(ExitCodes.InvalidUsage, run.ExitCode);
        Assert.Contains($"--result-history must be from 1 to 100 (got {value})", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--max-in-flight", "0", "--max-in-flight must be from 1 to 1000000 (got 0)")]
    [InlineData("--tick", "5s", "--tick must be from 1ms to 1s (got 5s)")]
    [InlineData("--skip-after", "1ms", "--skip-after: must be at least one Tick")]
    public async Task Serve_BadEngineFlag_IsAUsageErrorNamingTheFlag(string flag, string value, string message)
    {
        var run = await CliRun.InProcessAsync("serve", "--listen", "127.0.0.1:0", flag, value);

        Assert.Equal(ExitCodes.InvalidUsage, run.ExitCode);
        Assert.StartsWith(message, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_BadEngineEnvironmentVariable_IsAUsageErrorNamingIt()
    {
        var run = await CliRun.ProcessAsync(new Dictionary<string, string?> { ["VITALS_JITTER"] = "0.9" },
            "serve", "--listen", "127.0.0.1:0");

        Assert.Equal(ExitCodes.InvalidUsage, run.ExitCode);
        Assert.StartsWith("--jitter (from $VITALS_JITTER) must be from 0 to 0.5 (got 0.9)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_GoodEngineFlagsAndVariables_StartsAndServes()
    {
        var dataDir = Directory.CreateTempSubdirectory("vitals-serve-").FullName;
        var port = LoopbackTcp.RefusedPort().Port;
        using var process = CliRun.StartProcess(new Dictionary<string, string?> { ["VITALS_LAG_WINDOW"] = "30s", ["VITALS_MAX_IN_FLIGHT"] = "1" },
            "serve", "--listen", $"127.0.0.1:{port}", "--data-dir", dataDir, "--max-in-flight", "64", "--tick", "8ms",
            "--skip-after", "2s", "--flap-changes", "4", "--flap-settle", "1", "--result-history", "5", "--allow-sockets", "/srv/lb/,/opt/haproxy");
        try
        {
            var output = new List<string>();
            var sockets = await ReadUntilAsync(process, output, line => line.StartsWith("sockets: ", StringComparison.Ordinal));
            Assert.Contains(output, line => line.StartsWith("vitals listening on", StringComparison.Ordinal));
            Assert.Equal("sockets: HAProxy runtime APIs under /srv/lb, /opt/haproxy (--allow-sockets)", sockets);
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/"), TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode);

            await StopBySigtermAsync(process, output);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>SIGTERM, then the process must say "vitals stopped" and exit 0 within 20 s.</summary>
    private static async Task StopBySigtermAsync(Process process, List<string> output)
    {
        using (Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
        }

        await ReadUntilAsync(process, output, line => line == "vitals stopped");
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        Assert.Equal(0, process.ExitCode);
    }

    private static async Task<string> ReadUntilAsync(Process process, List<string> output, Func<string, bool> match)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            output.Add(line);
            if (match(line))
            {
                return line;
            }
        }

        Assert.Fail($"the server ended before the expected line; output:\n{string.Join('\n', output)}\n{await process.StandardError.ReadToEndAsync(timeout.Token)}");
        return "";
    }
}
