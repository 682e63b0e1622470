using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Vitals.Cli.Tests.Support;
using Vitals.Testing;

namespace Vitals.Cli.Tests.Serve;

/// <summary>
/// <c>vitals serve --log-format</c>: every log line (framework ones included) in the platform's console format with its
/// event id on stderr, the banner alone on stdout; with json, the banner lines are JSON log entries too.
/// </summary>
public sealed partial class ServeLogFormatTests
{
    [Fact]
    public async Task Serve_LogFormatJson_EveryLineOfBothStreamsIsAJsonEntryWithAnEventId()
    {
        var (stdout, stderr) = await ServeAndStopAsync(new Dictionary<string, string?>(), "--log-format", "json");

        var banner = stdout.Select(Parse).ToList();
        var logs = stderr.Select(Parse).ToList();
        Assert.All(banner, entry => Assert.Equal(5001, entry.GetProperty("EventId").GetInt32()));
        Assert.StartsWith("vitals listening on http://127.0.0.1:", banner[0].GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Equal("vitals stopped", banner[^1].GetProperty("Message").GetString());
        Assert.All(logs.Concat(banner), entry =>
        {
            Assert.Equal(JsonValueKind.Number, entry.GetProperty("EventId").ValueKind);
            Assert.False(string.IsNullOrEmpty(entry.GetProperty("Category").GetString()));
            Assert.True(DateTimeOffset.TryParse(entry.GetProperty("Timestamp").GetString(), CultureInfo.InvariantCulture, out _));
        });
        // The engine's own event and the framework's, both in the one format.
        Assert.Contains(logs, e => e.GetProperty("EventId").GetInt32() == 2012 && e.GetProperty("Category").GetString() == "Vitals.Engine.HealthEngine");
        Assert.Contains(logs, e => e.GetProperty("Category").GetString() == "Microsoft.Hosting.Lifetime"
            && e.GetProperty("Message").GetString()!.StartsWith("Now listening on:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_LogFormatTextFromTheVariable_LogLinesOnStderrOneEachAndTheBannerAloneOnStdout()
    {
        var (stdout, stderr) = await ServeAndStopAsync(new Dictionary<string, string?> { ["VITALS_LOG_FORMAT"] = "text" });

        Assert.NotEmpty(stderr);
        Assert.All(stderr, line => Assert.Matches(TextLine(), line));
        Assert.Contains(stderr, line => line.StartsWith("info: Vitals.Engine.HealthEngine[2012] Health engine started", StringComparison.Ordinal));
        Assert.Contains(stderr, line => line.StartsWith("info: Microsoft.Hosting.Lifetime[14] Now listening on:", StringComparison.Ordinal));
        Assert.StartsWith("vitals listening on http://127.0.0.1:", stdout[0], StringComparison.Ordinal);
        Assert.Equal("vitals stopped", stdout[^1]);
        Assert.DoesNotContain(stdout, line => TextLine().IsMatch(line));
    }

    [Theory]
    [InlineData("--log-format", "yaml", "--log-format must be text or json (got 'yaml')")]
    [InlineData("--otlp-endpoint", "collector:4318", "--otlp-endpoint: the OTLP endpoint must be an absolute http or https URL")]
    public async Task Serve_BadTelemetryFlag_IsAUsageErrorNamingIt(string flag, string value, string message)
    {
        var run = await CliRun.InProcessAsync("serve", "--listen", "127.0.0.1:0", flag, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_BadLogFormatVariable_IsAUsageErrorNamingIt()
    {
        var run = await CliRun.ProcessAsync(new Dictionary<string, string?> { ["VITALS_LOG_FORMAT"] = "xml" }, "serve", "--listen", "127.0.0.1:0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("$VITALS_LOG_FORMAT must be text or json (got 'xml')", run.Stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(trce|dbug|info|warn|fail|crit): [A-Za-z][\w.]*\[\d+\] \S")]
    private static partial Regex TextLine();

    private static JsonElement Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    /// <summary>Starts a real <c>vitals serve</c>, waits for its banner, stops it with SIGTERM; its stdout and stderr lines.</summary>
    private static async Task<(List<string> Stdout, List<string> Stderr)> ServeAndStopAsync(
        IReadOnlyDictionary<string, string?> environment, params string[] flags)
    {
        var dataDir = Directory.CreateTempSubdirectory("vitals-serve-logs-").FullName;
        var port = LoopbackTcp.RefusedPort().Port.ToString(CultureInfo.InvariantCulture);
        using var process = CliRun.StartProcess(environment, ["serve", "--listen", $"127.0.0.1:{port}", "--data-dir", dataDir, .. flags]);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        var stdout = new List<string>();
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                stdout.Add(line);
                if (line.Contains("sockets: ", StringComparison.Ordinal))
                {
                    break;
                }
            }

            using (Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
            }

            var rest = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
            stdout.AddRange(rest.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            return (stdout, [.. (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries)]);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
