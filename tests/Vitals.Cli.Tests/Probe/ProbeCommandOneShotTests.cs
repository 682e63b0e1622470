using System.Text.Json;
using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Probe;

/// <summary><c>vitals probe ADDRESS:PORT</c> against real loopback backends.</summary>
public sealed class ProbeCommandOneShotTests
{
    [Fact]
    public async Task Probe_HttpBackendAnswers200_ExitsZeroAndJsonSaysSuccess()
    {
        await using var backend = LoopbackHttpServer.WithStatus(200, "OK", "up");

        var run = await CliRun.InProcessAsync("probe", "--type", "HTTP", "--url-path", "/health",
            "--expected-codes", "200-299", "-o", "json", backend.Target);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        using var json = ParseSingleObject(run.Stdout);
        var root = json.RootElement;
        Assert.Equal("success", root.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("reason_code").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("nlb_reason_code").ValueKind);
        Assert.Equal("L7OK", root.GetProperty("check_code").GetString());
        Assert.Equal(200, root.GetProperty("status_code").GetInt32());
        Assert.Equal(backend.Target, root.GetProperty("target").GetString());
        Assert.Equal("HTTP", root.GetProperty("type").GetString());
        var timings = root.GetProperty("timings_ms");
        Assert.True(timings.GetProperty("connect").GetDouble() >= 0);
        Assert.Equal(JsonValueKind.Null, timings.GetProperty("tls").ValueKind);
        Assert.True(timings.GetProperty("first_byte").GetDouble() >= timings.GetProperty("connect").GetDouble());
        Assert.True(timings.GetProperty("total").GetDouble() >= timings.GetProperty("first_byte").GetDouble());
        Assert.StartsWith("Layer7 check passed", root.GetProperty("check_status").GetString(), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("checked_at").GetString(), out _));
        Assert.EndsWith("Z", root.GetProperty("checked_at").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, backend.Requests);
    }

    [Fact]
    public async Task Probe_HttpBackendAnswers500_ExitsOneWithWrongStatusReason()
    {
        await using var backend = LoopbackHttpServer.WithStatus(500, "Internal Server Error", "database down");

        var run = await CliRun.InProcessAsync("probe", "--type", "http", "-o", "json", backend.Target);

        Assert.Equal(1, run.ExitCode);
        using var json = ParseSingleObject(run.Stdout);
        var root = json.RootElement;
        Assert.Equal("failure", root.GetProperty("outcome").GetString());
        Assert.Equal("HTTP_CODE_NOT_MATCH", root.GetProperty("reason_code").GetString());
        Assert.Equal("HTTP_CODE_NOT_MATCH", root.GetProperty("nlb_reason_code").GetString());
        Assert.Equal("L7STS", root.GetProperty("check_code").GetString());
        Assert.Equal(500, root.GetProperty("status_code").GetInt32());
        Assert.StartsWith("Layer7 wrong status, code: 500", root.GetProperty("check_status").GetString(), StringComparison.Ordinal);
        Assert.Contains("database down", root.GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_HttpBackendAnswers500_TextNamesReasonCheckCodeAndStatus()
    {
        await using var backend = LoopbackHttpServer.WithStatus(500, "Internal Server Error", "database down");

        var run = await CliRun.InProcessAsync("probe", "--type", "HTTP", backend.Target);

        Assert.Equal(1, run.ExitCode);
        var lines = run.Stdout.Split('\n');
        Assert.StartsWith($"FAIL  HTTP {backend.Target}  HTTP_CODE_NOT_MATCH  L7STS  status 500  connect ", lines[0], StringComparison.Ordinal);
        Assert.Contains(" ms  total ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("Layer7 wrong status, code: 500", lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, static l => l == "  | database down");
    }

    [Fact]
    public async Task Probe_ClosedPort_ExitsOneWithConnectFailed()
    {
        var target = $"127.0.0.1:{LoopbackPorts.Closed()}";

        var run = await CliRun.InProcessAsync("probe", "-o", "json", target);

        Assert.Equal(1, run.ExitCode);
        using var json = ParseSingleObject(run.Stdout);
        var root = json.RootElement;
        Assert.Equal("failure", root.GetProperty("outcome").GetString());
        Assert.Equal("CONNECT_FAILED", root.GetProperty("reason_code").GetString());
        Assert.Equal("CONNECT_FAILED", root.GetProperty("nlb_reason_code").GetString());
        Assert.Equal("L4CON", root.GetProperty("check_code").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("status_code").ValueKind);
        Assert.Equal("TCP", root.GetProperty("type").GetString());
        Assert.Equal(target, root.GetProperty("target").GetString());
    }

    [Fact]
    public async Task Probe_OpenTcpPort_ExitsZeroAndPrintsOk()
    {
        await using var backend = LoopbackHttpServer.WithStatus(200, "OK");

        var run = await CliRun.InProcessAsync("probe", backend.Target);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith($"OK    TCP {backend.Target}  L4OK  connect ", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Layer4 check passed", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_BackendSendsEscapesAndMarkup_TextShowsThemEscapedNeverRaw()
    {
        // A reason phrase and body that would recolour, clear and retitle a terminal if printed raw.
        await using var backend = new LoopbackHttpServer(
            "HTTP/1.1 503 Down\u001b[2J\r\nContent-Length: 46\r\nConnection: close\r\n\r\n"
            + "\u001b[31m<script>alert(1)</script>\u001b]0;pwned\u0007\r\u009b1m");

        var run = await CliRun.InProcessAsync("probe", "--type", "HTTP", backend.Target);

        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain('\u001b', run.Stdout);
        Assert.DoesNotContain('\u0007', run.Stdout);
        Assert.DoesNotContain('\u009b', run.Stdout);
        Assert.DoesNotContain('\r', run.Stdout);
        Assert.Contains(@"\e[31m<script>alert(1)</script>\e]0;pwned\x07\r\x9b1m", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("HTTP_CODE_NOT_MATCH", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_BackendSendsEscapes_JsonCarriesThemEscapedAsJson()
    {
        await using var backend = LoopbackHttpServer.WithStatus(500, "Oops", "\u001b[31m<script>x</script>");

        var run = await CliRun.InProcessAsync("probe", "--type", "HTTP", "-o", "json", backend.Target);

        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain('\u001b', run.Stdout);
        using var json = ParseSingleObject(run.Stdout);
        Assert.Contains("\u001b[31m<script>x</script>", json.RootElement.GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_RealProcess_ClosedPort_ExitsOneWithOneJsonObject()
    {
        var target = $"127.0.0.1:{LoopbackPorts.Closed()}";

        var run = await CliRun.ProcessAsync("probe", "-o", "json", target);

        Assert.Equal(1, run.ExitCode);
        using var json = ParseSingleObject(run.Stdout);
        Assert.Equal("CONNECT_FAILED", json.RootElement.GetProperty("reason_code").GetString());
    }

    [Fact]
    public async Task Probe_RealProcess_InvalidTimeout_ExitsTwoWithFieldMessage()
    {
        var run = await CliRun.ProcessAsync("probe", "--timeout", "0", "127.0.0.1:80");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal("timeout: must be an integer from 1 to 50 (got 0)\n", run.Stderr);
    }

    [Fact]
    public async Task Probe_RealProcess_HttpBackendAnswers200_ExitsZero()
    {
        await using var backend = LoopbackHttpServer.WithStatus(204, "No Content");

        var run = await CliRun.ProcessAsync("probe", "--type", "HTTP", "--expected-codes", "200-299", backend.Target);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith($"OK    HTTP {backend.Target}  L7OK  status 204", run.Stdout, StringComparison.Ordinal);
    }

    /// <summary>The whole output must be exactly one JSON object on one line.</summary>
    internal static JsonDocument ParseSingleObject(string stdout)
    {
        var trimmed = stdout.TrimEnd('\n');
        Assert.DoesNotContain('\n', trimmed);
        var document = JsonDocument.Parse(trimmed);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return document;
    }
}
