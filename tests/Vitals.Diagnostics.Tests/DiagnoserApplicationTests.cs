using System.Net.Sockets;
using Vitals.Core.Monitoring;
using Vitals.Testing;
using static Vitals.Diagnostics.Tests.DiagnoseTestSupport;

namespace Vitals.Diagnostics.Tests;

/// <summary>Layer 6-7 causes against real loopback backends: statuses, TLS, virtual hosts, slowness, and health.</summary>
public sealed class DiagnoserApplicationTests
{
    [Theory]
    [InlineData(404, "Not Found", Causes.PathNotFound)]
    [InlineData(302, "Found", Causes.Redirect)]
    [InlineData(500, "Internal Server Error", Causes.ServerError)]
    [InlineData(503, "Service Unavailable", Causes.ServerError)]
    [InlineData(403, "Forbidden", Causes.AuthRequired)]
    [InlineData(204, "No Content", Causes.ExpectedCodesTooNarrow)]
    public async Task DiagnoseAsync_UnexpectedStatus_FirstFindingNamesTheStatusFamily(int status, string reason, string cause)
    {
        await using var backend = HttpStatus(status, reason, status == 302 ? "Location: /login\r\n" : "");

        var diagnosis = await DiagnoseAsync(Request(backend.EndPoint, Spec(HealthMonitorType.Http)));

        var first = Assert.Single(diagnosis.Findings);
        Assert.Equal(cause, first.Cause);
        Assert.Equal("HTTP_CODE_NOT_MATCH", first.NlbReasonCode);
        Assert.Equal("L7STS", first.CheckCode);
        Assert.Equal([status, status], first.Evidence["statuses"]!.AsArray().Select(static n => n!.GetValue<int>()));
        Assert.Equal("/health", first.Evidence["path"]!.GetValue<string>());
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), first.Advice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiagnoseAsync_AnswersCloseToTimeout_FirstFindingIsSlowResponse()
    {
        await using var backend = SlowHttp(TimeSpan.FromMilliseconds(1300));

        var diagnosis = await DiagnoseAsync(Request(backend.EndPoint, Spec(HealthMonitorType.Http, timeout: 2, urlPath: "/health.php")));

        var first = diagnosis.Findings[0];
        Assert.Equal(Causes.SlowResponse, first.Cause);
        Assert.True(first.Evidence["p50_ms"]!.GetValue<double>() >= 1000);
        Assert.Contains(diagnosis.Findings, static f => f.Cause == Causes.DynamicCheckPage);
        Assert.Contains(diagnosis.Findings, static f => f.Cause == Causes.Healthy);
    }

    [Fact]
    public async Task DiagnoseAsync_NoAnswerWithinTimeout_FirstFindingIsResponseTimeout()
    {
        await using var backend = LoopbackServer.Start(static async connection =>
        {
            await connection.ReadRequestHeadAsync();
            await connection.StaySilentAsync();
        });

        var diagnosis = await DiagnoseAsync(Request(backend.EndPoint, Spec(HealthMonitorType.Http)));

        Assert.Equal(Causes.ResponseTimeout, diagnosis.Findings[0].Cause);
        Assert.Equal("RECV_RESPONSE_TIMEOUT", diagnosis.Findings[0].NlbReasonCode);
    }

    [Fact]
    public async Task DiagnoseAsync_HistoryShowsTimeouts_SlowResponseFromHistory()
    {
        await using var backend = HttpStatus(200, "OK");
        var now = TimeProvider.System.GetUtcNow();
        var request = Request(backend.EndPoint, Spec(HealthMonitorType.Http)) with
        {
            History = [Passed(300, now), Passed(700, now), TimedOut(1, now), Passed(900, now), TimedOut(1, now)],
        };

        var diagnosis = await DiagnoseAsync(request);

        var first = diagnosis.Findings[0];
        Assert.Equal(Causes.SlowResponse, first.Cause);
        Assert.Equal(2, first.Evidence["history_timeouts"]!.GetValue<int>());
    }

    [Fact]
    public async Task DiagnoseAsync_HistoryLatencyRising_FirstFindingIsLatencyRising()
    {
        await using var backend = HttpStatus(200, "OK");
        var now = TimeProvider.System.GetUtcNow();
        var request = Request(backend.EndPoint, Spec(HealthMonitorType.Http, timeout: 2)) with
        {
            History = [Passed(40, now), Passed(50, now), Passed(60, now), Passed(400, now), Passed(500, now), Passed(600, now)],
        };

        var diagnosis = await DiagnoseAsync(request);

        var first = diagnosis.Findings[0];
        Assert.Equal(Causes.LatencyRising, first.Cause);
        Assert.Equal("rising", first.Evidence["trend"]!.GetValue<string>());
    }

    [Fact]
    public async Task DiagnoseAsync_PlaintextServerWithHttpsCheck_FirstFindingIsPlaintextOnTlsPort()
    {
        await using var backend = HttpStatus(200, "OK");

        var diagnosis = await DiagnoseAsync(Request(backend.EndPoint, Spec(HealthMonitorType.Https, timeout: 3)));

        var first = diagnosis.Findings[0];
        Assert.Equal(Causes.PlaintextOnTlsPort, first.Cause);
        Assert.Equal(200, first.Evidence["plain_http_status"]!.GetValue<int>());
        Assert.StartsWith("L6", first.CheckCode, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiagnoseAsync_ServerAnswersTlsAlert_FirstFindingIsTlsFailure()
    {
        // A TLS server that rejects every ClientHello with a handshake_failure alert (and HTTP requests likewise).
        await using var backend = LoopbackServer.Start(static async connection =>
        {
            var buffer = new byte[1024];
            await connection.Socket.ReceiveAsync(buffer, SocketFlags.None, connection.Stopping);
            await connection.WriteAsync("\x15\x03\x03\x00\x02\x02\x28");
            connection.Socket.Shutdown(SocketShutdown.Send);
            await connection.StaySilentAsync();
        });

        var diagnosis = await DiagnoseAsync(Request(backend.EndPoint, Spec(HealthMonitorType.Https, timeout: 3)));

        var first = diagnosis.Findings[0];
        Assert.Equal(Causes.TlsFailure, first.Cause);
        Assert.Equal("CONNECT_INTERRUPT", first.NlbReasonCode);
        Assert.Equal("L6RSP", first.CheckCode);
    }

    [Fact]
    public async Task DiagnoseAsync_TlsServerWithHttpCheck_FirstFindingIsTlsRequired()
    {
        using var certificate = LoopbackCertificate.Create();
        await using var backend = LoopbackServer.Http("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
            certificate: certificate);

        // A 3 s timeout leaves room for the first TLS handshakes of a loaded test run.
        var diagnosis = await DiagnoseAsync(Request(backend.EndPoint, Spec(HealthMonitorType.Http, timeout: 3)));

        Assert.Equal(Causes.TlsRequired, diagnosis.Findings[0].Cause);
        Assert.Equal(200, diagnosis.Findings[0].Evidence["https_status"]!.GetValue<int>());
    }

    [Fact]
    public async Task DiagnoseAsync_VirtualHostNeedsDomain_FirstFindingIsWrongHost()
    {
        await using var backend = VirtualHost("app.example.com");
        var request = Request(backend.EndPoint, Spec(HealthMonitorType.Http)) with { HostHints = ["app.example.com"] };

        var diagnosis = await DiagnoseAsync(request);

        var first = diagnosis.Findings[0];
        Assert.Equal(Causes.WrongHost, first.Cause);
        Assert.Equal("app.example.com", first.Evidence["working_host"]!.GetValue<string>());
        Assert.Contains("Set the health-check domain to app.example.com", first.Advice, StringComparison.Ordinal);
        Assert.DoesNotContain(diagnosis.Findings, static f => f.Cause == Causes.PathNotFound);
    }

    [Fact]
    public async Task DiagnoseAsync_ConfiguredDomainWrongAddressWorks_FirstFindingIsWrongHost()
    {
        await using var backend = VirtualHost("127.0.0.1");

        var diagnosis = await DiagnoseAsync(Request(backend.EndPoint, Spec(HealthMonitorType.Http, domainName: "old.example.com")));

        var first = diagnosis.Findings[0];
        Assert.Equal(Causes.WrongHost, first.Cause);
        Assert.Equal("old.example.com", first.Evidence["configured_host"]!.GetValue<string>());
        Assert.Contains("clear it", first.Advice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiagnoseAsync_VirtualHostWithoutHints_PathNotFoundAndSaysHostWasNotTried()
    {
        await using var backend = VirtualHost("app.example.com");

        var diagnosis = await DiagnoseAsync(Request(backend.EndPoint, Spec(HealthMonitorType.Http)));

        Assert.Equal(Causes.PathNotFound, diagnosis.Findings[0].Cause);
        Assert.Contains(diagnosis.NotChecked, static n => n.Contains("--host-hint", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DiagnoseAsync_SettingsOutOfRange_FirstFindingIsSettingsOutOfRange()
    {
        await using var backend = HttpStatus(200, "OK");

        var diagnosis = await DiagnoseAsync(Request(backend.EndPoint, Spec(HealthMonitorType.Http, timeout: 2, delay: 2, rise: 1, fall: 10)));

        var first = diagnosis.Findings[0];
        Assert.Equal(Causes.SettingsOutOfRange, first.Cause);
        Assert.Equal(3, first.Evidence["issues"]!.AsArray().Count);
        Assert.Contains("timeout (2 s) should be shorter than the interval (2 s)", first.Advice, StringComparison.Ordinal);
        Assert.Equal(Causes.Healthy, diagnosis.Findings[^1].Cause);
        Assert.Equal(FindingVerdict.Problem, diagnosis.Verdict);
    }

    [Fact]
    public async Task DiagnoseAsync_EverythingPasses_OnlyFindingIsHealthy()
    {
        await using var backend = HttpStatus(200, "OK");

        var diagnosis = await DiagnoseAsync(Request(backend.EndPoint, Spec(HealthMonitorType.Http)));

        var finding = Assert.Single(diagnosis.Findings);
        Assert.Equal(Causes.Healthy, finding.Cause);
        Assert.Equal(FindingVerdict.Ok, finding.Verdict);
        Assert.Equal(FindingVerdict.Ok, diagnosis.Verdict);
        Assert.Equal(2, finding.Evidence["passed"]!.GetValue<int>());
        Assert.Equal($"127.0.0.1:{backend.Port}", diagnosis.Target);
    }

    /// <summary>Answers 200 only when the Host header is <paramref name="host"/> (with or without the port), else 404.</summary>
    private static LoopbackServer VirtualHost(string host) => LoopbackServer.Start(async connection =>
    {
        var head = await connection.ReadRequestHeadAsync();
        var hostLine = head.Split("\r\n").FirstOrDefault(static l => l.StartsWith("Host:", StringComparison.OrdinalIgnoreCase)) ?? "";
        var value = hostLine.Length > 5 ? hostLine[5..].Trim() : "";
        var colon = value.LastIndexOf(':');
        var name = colon > 0 ? value[..colon] : value;
        var status = string.Equals(name, host, StringComparison.OrdinalIgnoreCase) ? "200 OK" : "404 Not Found";
        await connection.WriteAsync($"HTTP/1.1 {status}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        connection.Socket.Shutdown(SocketShutdown.Send);
        await connection.StaySilentAsync();
    });
}
