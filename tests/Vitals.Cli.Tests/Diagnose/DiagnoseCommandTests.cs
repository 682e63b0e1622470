using System.Text.Json;
using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Diagnose;

/// <summary><c>vitals diagnose</c> against real loopback backends: JSON shape, text report, exit codes.</summary>
public sealed class DiagnoseCommandTests
{
    private static readonly string[] Quick = ["--timeout", "1", "--samples", "2"];

    [Fact]
    public async Task Diagnose_ClosedPortJson_OneObjectWithNothingListeningFirstAndExitOne()
    {
        var target = $"127.0.0.1:{LoopbackPorts.Closed()}";

        var run = await CliRun.InProcessAsync(["diagnose", "--type", "HTTP", "--url-path", "/health", .. Quick, "-o", "json", target]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stderr);
        using var json = ParseSingleObject(run.Stdout);
        var root = json.RootElement;
        Assert.Equal(target, root.GetProperty("target").GetString());
        Assert.Equal("HTTP", root.GetProperty("type").GetString());
        Assert.Equal("problem", root.GetProperty("verdict").GetString());
        Assert.EndsWith("Z", root.GetProperty("checked_at").GetString(), StringComparison.Ordinal);
        Assert.True(root.GetProperty("elapsed_ms").GetDouble() > 0);
        var findings = root.GetProperty("findings");
        Assert.Equal(JsonValueKind.Array, findings.ValueKind);
        var first = findings[0];
        Assert.Equal("NOTHING_LISTENING", first.GetProperty("cause").GetString());
        Assert.Equal("problem", first.GetProperty("verdict").GetString());
        Assert.Equal("CONNECT_FAILED", first.GetProperty("nlb_reason_code").GetString());
        Assert.Equal("L4CON", first.GetProperty("check_code").GetString());
        Assert.Contains("raw TCP connect", first.GetProperty("check").GetString(), StringComparison.Ordinal);
        Assert.Contains("actively refused", first.GetProperty("advice").GetString(), StringComparison.Ordinal);
        var evidence = first.GetProperty("evidence");
        Assert.Equal(JsonValueKind.Object, evidence.ValueKind);
        Assert.Equal(2, evidence.GetProperty("samples").GetInt32());
        Assert.Equal("refused", evidence.GetProperty("outcomes")[0].GetString());
        var notChecked = root.GetProperty("not_checked");
        Assert.Contains(notChecked.EnumerateArray(), static n => n.GetString()!.Contains("HTTP answer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Diagnose_HealthyBackend_ExitsZeroWithHealthyFirst()
    {
        await using var backend = LoopbackHttpServer.WithStatus(200, "OK", "up");

        var run = await CliRun.InProcessAsync(["diagnose", "--type", "HTTP", .. Quick, "-o", "json", backend.Target]);

        Assert.Equal(0, run.ExitCode);
        using var json = ParseSingleObject(run.Stdout);
        var root = json.RootElement;
        Assert.Equal("ok", root.GetProperty("verdict").GetString());
        Assert.Equal("HEALTHY", root.GetProperty("findings")[0].GetProperty("cause").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("findings")[0].GetProperty("nlb_reason_code").ValueKind);
    }

    [Fact]
    public async Task Diagnose_TcpCheckOfABackendThatResetsOnAccept_WarningVerdictTextAndJson()
    {
        await using var backend = Vitals.Testing.LoopbackServer.Start(static connection =>
        {
            connection.Reset();
            return Task.CompletedTask;
        });
        var target = $"127.0.0.1:{backend.Port}";

        var text = await CliRun.InProcessAsync(["diagnose", "--type", "TCP", .. Quick, target]);
        var json = await CliRun.InProcessAsync(["diagnose", "--type", "TCP", .. Quick, "-o", "json", target]);

        Assert.Equal(1, text.ExitCode);
        Assert.StartsWith("WARNING  TCP " + target, text.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, json.ExitCode);
        using var report = ParseSingleObject(json.Stdout);
        var root = report.RootElement;
        Assert.Equal("warning", root.GetProperty("verdict").GetString());
        var first = root.GetProperty("findings")[0];
        Assert.Equal("CONNECTION_RESET", first.GetProperty("cause").GetString());
        Assert.Equal("warning", first.GetProperty("verdict").GetString());
        Assert.Equal("L4OK", first.GetProperty("check_code").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("nlb_reason_code").ValueKind);
    }

    [Fact]
    public async Task Diagnose_Backend404Text_ReportNumbersFindingsMostLikelyFirst()
    {
        await using var backend = LoopbackHttpServer.WithStatus(404, "Not Found");

        var run = await CliRun.InProcessAsync(["diagnose", "--type", "HTTP", "--url-path", "/health", .. Quick, backend.Target]);

        Assert.Equal(1, run.ExitCode);
        var lines = run.Stdout.Split('\n');
        Assert.StartsWith($"PROBLEM  HTTP {backend.Target}  diagnosed in ", lines[0], StringComparison.Ordinal);
        Assert.Equal("1. PATH_NOT_FOUND  problem  [HTTP_CODE_NOT_MATCH L7STS]", lines[1]);
        Assert.StartsWith("   check:    2 HTTP GET /health", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("   evidence: {", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("   advice:   The health-check URL /health returns 404.", lines[4], StringComparison.Ordinal);
        Assert.Contains("Not checked:", lines);
    }

    [Fact]
    public async Task Diagnose_BackendSendsEscapes_TextReportEscapesThem()
    {
        await using var backend = new LoopbackHttpServer("\u001b[2J\u001b]0;pwned\u0007 not http at all\r\n\r\n");

        var run = await CliRun.InProcessAsync(["diagnose", "--type", "HTTP", .. Quick, backend.Target]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("1. NOT_HTTP  problem", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', run.Stdout);
        Assert.DoesNotContain('\u0007', run.Stdout);
        Assert.Contains(@"\e[2J", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_BackendPortOption_ReportsPortMismatch()
    {
        await using var backend = LoopbackHttpServer.WithStatus(200, "OK");
        var checkPort = LoopbackPorts.Closed();

        var run = await CliRun.InProcessAsync(["diagnose", "--type", "HTTP", .. Quick, "--backend-port",
            backend.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", "json", $"127.0.0.1:{checkPort}"]);

        Assert.Equal(1, run.ExitCode);
        using var json = ParseSingleObject(run.Stdout);
        Assert.Equal("PORT_MISMATCH", json.RootElement.GetProperty("findings")[0].GetProperty("cause").GetString());
    }

    [Theory]
    [InlineData("--budget", "0", "budget: must be an integer from 1 to 120")]
    [InlineData("--samples", "11", "samples: must be an integer from 1 to 10")]
    [InlineData("--backend-port", "x", "backend_port: must be an integer from 1 to 65535")]
    [InlineData("--timeout", "99", "timeout:")]
    [InlineData("--host-hint", "bad host", "host_hint:")]
    public async Task Diagnose_BadOption_ExitsTwoWithFieldMessage(string option, string value, string message)
    {
        var run = await CliRun.InProcessAsync("diagnose", "--type", "HTTP", option, value, "127.0.0.1:80");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_NoAddress_ExitsTwo()
    {
        var run = await CliRun.InProcessAsync("diagnose", "--type", "TCP");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("address: is required", run.Stderr, StringComparison.Ordinal);
    }

    private static JsonDocument ParseSingleObject(string stdout)
    {
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        var document = JsonDocument.Parse(lines[0]);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return document;
    }
}
