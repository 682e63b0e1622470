using System.Collections.Concurrent;
using System.Text;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Probes.Http;
using Vitals.Testing;

namespace Vitals.Probes.Tests.Http;

public sealed class HttpProberTests
{
    private readonly HttpProber _sut = new(TimeProvider.System);

    [Fact]
    public async Task ProbeAsync_200_PassesL7OkWithBodyAndTimings()
    {
        await using var server = LoopbackServer.Http("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        var target = Specs.Target(server.EndPoint, HealthMonitorType.Http);

        var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.CheckStatus);
        Assert.Equal(CheckCode.L7Ok, result.CheckCode);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("OK", result.Detail);
        Assert.Equal("hello", result.Content);
        Assert.InRange(result.Timings.ConnectMicros, 0, int.MaxValue);
        Assert.InRange(result.Timings.FirstByteMicros, result.Timings.ConnectMicros, int.MaxValue);
        Assert.InRange(result.Timings.TotalMicros, result.Timings.FirstByteMicros, int.MaxValue);
        Assert.Equal(-1, result.Timings.TlsMicros);
    }

    [Fact]
    public async Task ProbeAsync_ChunkedAnswerKeptOpen_ExcerptIsTheDecodedBody_ReadEndsAtTheLastChunk()
    {
        // The backend keeps the connection open after the last chunk: the read must end there, not at the deadline.
        var body = new string('x', 248);
        await using var server = LoopbackServer.Start(async connection =>
        {
            await connection.ReadRequestHeadAsync();
            await connection.WriteAsync($"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nf8\r\n{body}\r\n");
            await connection.WriteAsync("4;ext=1\r\n-end\r\n0\r\n\r\n");
            await connection.StaySilentAsync();
        });
        var target = Specs.Target(server.EndPoint, HealthMonitorType.Http, timeout: TimeSpan.FromSeconds(5));
        var started = TimeProvider.System.GetTimestamp();

        var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.CheckStatus);
        Assert.Equal(body + "-end", result.Content);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(4), "the read waited for the deadline");
    }

    [Fact]
    public async Task ProbeAsync_ChunkedHeaderButUnframedBody_ExcerptIsTheRawBytes()
    {
        await using var server = LoopbackServer.Http("HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\nmaintenance");
        var target = Specs.Target(server.EndPoint, HealthMonitorType.Http);

        var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.Equal(ReasonCode.HttpCodeNotMatch, result.Reason);
        Assert.Equal("maintenance", result.Content);
    }

    [Theory]
    [InlineData(500, "Internal Server Error")]
    [InlineData(404, "Not Found")]
    public async Task ProbeAsync_UnexpectedStatus_FailsCodeNotMatchL7Sts(int status, string reason)
    {
        await using var server = LoopbackServer.Http($"HTTP/1.1 {status} {reason}\r\nContent-Length: 4\r\n\r\noops");
        var target = Specs.Target(server.EndPoint, HealthMonitorType.Http);

        var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.False(result.IsSuccess);
        Assert.Equal(ReasonCode.HttpCodeNotMatch, result.Reason);
        Assert.Equal(CheckCode.L7Sts, result.CheckCode);
        Assert.Equal(status, result.StatusCode);
        Assert.Equal(reason, result.Detail);
        Assert.Equal("oops", result.Content);
        Assert.Equal($"Layer7 wrong status, code: {status}, info: \"{reason}\"", result.CheckStatus);
    }

    [Fact]
    public async Task ProbeAsync_204InExpectedRange_Passes()
    {
        await using var server = LoopbackServer.Http("HTTP/1.1 204 No Content\r\n\r\n");
        var target = Specs.Target(server.EndPoint, HealthMonitorType.Http, expectedCodes: "200-299");

        var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.CheckStatus);
        Assert.Equal(204, result.StatusCode);
        Assert.Null(result.Content);
    }

    [Fact]
    public async Task ProbeAsync_InterimAnswerFirst_DecidesOnTheFinalStatus()
    {
        await using var server = LoopbackServer.Http("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 503 Service Unavailable\r\n\r\n");
        var target = Specs.Target(server.EndPoint, HealthMonitorType.Http);

        var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.Equal(ReasonCode.HttpCodeNotMatch, result.Reason);
        Assert.Equal(503, result.StatusCode);
    }

    [Fact]
    public async Task ProbeAsync_DomainName_IsTheHostHeader()
    {
        var requests = new ConcurrentQueue<string>();
        await using var server = LoopbackServer.Http("HTTP/1.1 200 OK\r\n\r\n", requests);
        var target = Specs.Target(server.EndPoint, HealthMonitorType.Http, domainName: "health.example.com");

        var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.CheckStatus);
        var request = Assert.Single(requests);
        Assert.StartsWith("GET /health HTTP/1.1\r\n", request, StringComparison.Ordinal);
        Assert.Contains("\r\nHost: health.example.com\r\n", request, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: close\r\n", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_SameBodyTwice_ReusesTheExcerpt()
    {
        await using var server = LoopbackServer.Http("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        var target = Specs.Target(server.EndPoint, HealthMonitorType.Http);

        var first = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);
        var second = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.Equal("hello", first.Content);
        Assert.Same(first.Content, second.Content); // one string per target in the history ring, not one per check
    }

    [Fact]
    public async Task ProbeAsync_NoDomainName_HostHeaderIsTheAddressAndPort()
    {
        var requests = new ConcurrentQueue<string>();
        await using var server = LoopbackServer.Http("HTTP/1.1 200 OK\r\n\r\n", requests);

        await _sut.ProbeAsync(Specs.Target(server.EndPoint, HealthMonitorType.Http), TestContext.Current.CancellationToken);

        Assert.Contains($"\r\nHost: 127.0.0.1:{server.EndPoint.Port}\r\n", Assert.Single(requests), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpCheckMethod.Head, "HEAD")]
    [InlineData(HttpCheckMethod.Post, "POST")]
    public async Task ProbeAsync_Method_IsSent(HttpCheckMethod method, string wire)
    {
        var requests = new ConcurrentQueue<string>();
        await using var server = LoopbackServer.Http("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", requests);
        var target = Specs.Target(server.EndPoint, HealthMonitorType.Http, method: method);

        var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.CheckStatus);
        Assert.StartsWith(wire + " /health HTTP/1.1\r\n", Assert.Single(requests), StringComparison.Ordinal);
        Assert.Equal(method == HttpCheckMethod.Head ? null : "hello", result.Content);
    }

    [Fact]
    public async Task ProbeAsync_LongBody_ContentCappedAt512()
    {
        var body = new string('x', 3000);
        await using var server = LoopbackServer.Http($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n\r\n{body}");

        var result = await _sut.ProbeAsync(Specs.Target(server.EndPoint, HealthMonitorType.Http), TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.CheckStatus);
        Assert.Equal(new string('x', ProbeResult.MaxContentBytes), result.Content);
    }

    [Fact]
    public async Task ProbeAsync_BodyNeverEnds_PassesOnTheStatusAlone()
    {
        await using var server = LoopbackServer.Start(async connection =>
        {
            await connection.ReadRequestHeadAsync();
            await connection.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nslow");
            await connection.StaySilentAsync();
        });
        var target = Specs.Target(server.EndPoint, HealthMonitorType.Http, timeout: Specs.ShortTimeout);

        var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.CheckStatus);
        Assert.Equal("slow", result.Content);
    }

    [Fact]
    public async Task ProbeAsync_RefusedPort_FailsConnectFailedL4Con()
    {
        var result = await _sut.ProbeAsync(Specs.Target(LoopbackTcp.RefusedPort(), HealthMonitorType.Http), TestContext.Current.CancellationToken);

        Assert.Equal(ReasonCode.ConnectFailed, result.Reason);
        Assert.Equal(CheckCode.L4Con, result.CheckCode);
        Assert.Equal("Connection refused", result.Detail);
    }

    [Fact]
    public async Task ProbeAsync_AcceptedButSilent_FailsRecvResponseTimeoutL7Tout()
    {
        await using var server = LoopbackServer.Start(static connection => connection.StaySilentAsync());
        var target = Specs.Target(server.EndPoint, HealthMonitorType.Http, timeout: Specs.ShortTimeout);

        var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.Equal(ReasonCode.RecvResponseTimeout, result.Reason);
        Assert.Equal(CheckCode.L7Tout, result.CheckCode);
        Assert.Null(result.StatusCode);
        Assert.InRange(result.Timings.ConnectMicros, 0, int.MaxValue);
        Assert.InRange(result.Timings.TotalMicros, (int)(Specs.ShortTimeout.TotalMicroseconds * 0.9), int.MaxValue);
    }

    [Fact]
    public async Task ProbeAsync_SlowHeaders_FailsRecvResponseTimeoutWithWhatCame()
    {
        await using var server = LoopbackServer.Start(async connection =>
        {
            await connection.ReadRequestHeadAsync();
            await connection.WriteAsync("HTTP/1.1 200 OK\r\nServer: sl");
            await connection.StaySilentAsync();
        });
        var target = Specs.Target(server.EndPoint, HealthMonitorType.Http, timeout: Specs.ShortTimeout);

        var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.Equal(ReasonCode.RecvResponseTimeout, result.Reason);
        Assert.Equal(CheckCode.L7Tout, result.CheckCode);
        Assert.Equal("HTTP/1.1 200 OK\r\nServer: sl", result.Content);
    }

    [Fact]
    public async Task ProbeAsync_ResetMidResponse_FailsConnectInterruptL7Rsp()
    {
        await using var server = LoopbackServer.Start(async connection =>
        {
            await connection.ReadRequestHeadAsync();
            await connection.WriteAsync("HTTP/1.1 200 OK\r\nContent-Ty");
            connection.Reset();
        });
        var target = Specs.Target(server.EndPoint, HealthMonitorType.Http);

        var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.Equal(ReasonCode.ConnectInterrupt, result.Reason);
        Assert.Equal(CheckCode.L7Rsp, result.CheckCode);
        Assert.Contains(result.Detail, (string[])["Connection reset by peer", "Connection closed before a complete response"]);
    }

    [Fact]
    public async Task ProbeAsync_ClosedBeforeAnswering_FailsConnectInterruptL7Rsp()
    {
        await using var server = LoopbackServer.Start(static async connection =>
        {
            await connection.ReadRequestHeadAsync();
            connection.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            await connection.StaySilentAsync();
        });

        var result = await _sut.ProbeAsync(Specs.Target(server.EndPoint, HealthMonitorType.Http), TestContext.Current.CancellationToken);

        Assert.Equal(ReasonCode.ConnectInterrupt, result.Reason);
        Assert.Equal(CheckCode.L7Rsp, result.CheckCode);
        Assert.Equal("Connection closed before a complete response", result.Detail);
        Assert.Null(result.Content);
    }

    [Theory]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n")]
    [InlineData("HTTP/1.1 2000 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nBad Header\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")]
    public async Task ProbeAsync_MalformedAnswer_FailsInvalidHeaderL7RspWithRawBytes(string answer)
    {
        await using var server = LoopbackServer.Http(answer);

        var result = await _sut.ProbeAsync(Specs.Target(server.EndPoint, HealthMonitorType.Http), TestContext.Current.CancellationToken);

        Assert.Equal(ReasonCode.HttpInvalidHeader, result.Reason);
        Assert.Equal(CheckCode.L7Rsp, result.CheckCode);
        Assert.Null(result.StatusCode);
        Assert.NotNull(result.Content);
        Assert.StartsWith(answer[..4], result.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_NonHttpBannerThenSilence_FailsInvalidHeaderWithoutWaiting()
    {
        await using var server = LoopbackServer.Start(static async connection =>
        {
            await connection.WriteAsync("220 smtp.example ESMTP");
            await connection.StaySilentAsync();
        });
        var target = Specs.Target(server.EndPoint, HealthMonitorType.Http, timeout: TimeSpan.FromSeconds(30));

        var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.Equal(ReasonCode.HttpInvalidHeader, result.Reason);
        Assert.Equal("220 smtp.example ESMTP", result.Content);
        Assert.InRange(result.Timings.TotalMicros, 0, 20_000_000);
    }

    [Fact]
    public async Task ProbeAsync_HeadersBeyondBuffer_FailsInvalidHeader()
    {
        var huge = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (var i = 0; i < 1000; i++)
        {
            huge.Append("X-Filler-").Append(i).Append(": ").Append('y', 40).Append("\r\n");
        }

        await using var server = LoopbackServer.Http(huge.Append("\r\n").ToString());

        var result = await _sut.ProbeAsync(Specs.Target(server.EndPoint, HealthMonitorType.Http), TestContext.Current.CancellationToken);

        Assert.Equal(ReasonCode.HttpInvalidHeader, result.Reason);
        Assert.Equal("Response headers too large", result.Detail);
        Assert.Equal(ProbeResult.MaxContentBytes, result.Content!.Length);
    }

    [Fact]
    public async Task ProbeAsync_HostTokenFires_ThrowsRatherThanTimeout()
    {
        await using var server = LoopbackServer.Start(static connection => connection.StaySilentAsync());
        var target = Specs.Target(server.EndPoint, HealthMonitorType.Http, timeout: TimeSpan.FromSeconds(30));
        using var host = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _sut.ProbeAsync(target, host.Token));
    }

    [Fact]
    public async Task ProbeAsync_Repeated_ReusesDeadlinesWithoutCrossTalk()
    {
        await using var server = LoopbackServer.Http("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        var target = Specs.Target(server.EndPoint, HealthMonitorType.Http);

        for (var i = 0; i < 50; i++)
        {
            var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);
            Assert.True(result.IsSuccess, result.CheckStatus);
        }
    }

    [Fact]
    public async Task ProbeAsync_ManySilentInParallel_EachEndsByItsOwnDeadline()
    {
        await using var silent = LoopbackServer.Start(static connection => connection.StaySilentAsync());
        await using var healthy = LoopbackServer.Http("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        var slow = Specs.Target(silent.EndPoint, HealthMonitorType.Http, timeout: Specs.ShortTimeout);
        var fast = Specs.Target(healthy.EndPoint, HealthMonitorType.Http);
        var probes = new Task<ProbeResult>[100];

        for (var i = 0; i < probes.Length; i++)
        {
            probes[i] = _sut.ProbeAsync(i % 2 == 0 ? slow : fast, TestContext.Current.CancellationToken).AsTask();
        }

        var results = await Task.WhenAll(probes);
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(i % 2 == 0 ? ReasonCode.RecvResponseTimeout : ReasonCode.None, results[i].Reason);
        }
    }
}
