using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Probes.Http;
using Vitals.Testing;

namespace Vitals.Probes.Tests.Http;

public sealed class HttpsProberTests : IDisposable
{
    private readonly HttpProber _sut = new(TimeProvider.System);
    private readonly X509Certificate2 _certificate = LoopbackCertificate.Create("backend.test");

    [Fact]
    public async Task ProbeAsync_SelfSignedBackend_PassesWithTlsTiming()
    {
        var requests = new ConcurrentQueue<string>();
        await using var server = LoopbackServer.Http("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", requests, _certificate);
        var target = Specs.Target(server.EndPoint, HealthMonitorType.Https, domainName: "backend.test");

        var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.CheckStatus);
        Assert.Equal(CheckCode.L7Ok, result.CheckCode);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("ok", result.Content);
        Assert.InRange(result.Timings.TlsMicros, result.Timings.ConnectMicros, int.MaxValue);
        Assert.InRange(result.Timings.FirstByteMicros, result.Timings.TlsMicros, int.MaxValue);
        Assert.Contains("\r\nHost: backend.test\r\n", Assert.Single(requests), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_UnexpectedStatusOverTls_FailsCodeNotMatch()
    {
        await using var server = LoopbackServer.Http("HTTP/1.1 500 Internal Server Error\r\n\r\n", certificate: _certificate);

        var result = await _sut.ProbeAsync(Specs.Target(server.EndPoint, HealthMonitorType.Https), TestContext.Current.CancellationToken);

        Assert.Equal(ReasonCode.HttpCodeNotMatch, result.Reason);
        Assert.Equal(CheckCode.L7Sts, result.CheckCode);
        Assert.Equal(500, result.StatusCode);
    }

    [Fact]
    public async Task ProbeAsync_PlaintextBackend_FailsTlsHandshakeL6Rsp()
    {
        await using var server = LoopbackServer.Start(static async connection =>
        {
            // A plain HTTP server reads the ClientHello as a broken request line and answers 400.
            await connection.Stream.ReadExactlyAsync(new byte[5], connection.Stopping);
            await connection.WriteAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            connection.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            await connection.StaySilentAsync();
        });

        var result = await _sut.ProbeAsync(Specs.Target(server.EndPoint, HealthMonitorType.Https), TestContext.Current.CancellationToken);

        Assert.Equal(ReasonCode.TlsHandshakeFailed, result.Reason);
        Assert.Equal(CheckCode.L6Rsp, result.CheckCode);
        Assert.Equal(-1, result.Timings.TlsMicros);
    }

    [Fact]
    public async Task ProbeAsync_BackendSilentInHandshake_FailsTlsHandshakeTimeoutL6Tout()
    {
        await using var server = LoopbackServer.Start(static connection => connection.StaySilentAsync());
        var target = Specs.Target(server.EndPoint, HealthMonitorType.Https, timeout: Specs.ShortTimeout);

        var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.Equal(ReasonCode.TlsHandshakeTimeout, result.Reason);
        Assert.Equal(CheckCode.L6Tout, result.CheckCode);
    }

    [Fact]
    public async Task ProbeAsync_SilentAfterHandshake_FailsRecvResponseTimeout()
    {
        await using var server = LoopbackServer.StartTls(_certificate, static connection => connection.StaySilentAsync());
        var target = Specs.Target(server.EndPoint, HealthMonitorType.Https, timeout: Specs.AfterHandshakeTimeout);

        var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.Equal(ReasonCode.RecvResponseTimeout, result.Reason);
        Assert.Equal(CheckCode.L7Tout, result.CheckCode);
        Assert.InRange(result.Timings.TlsMicros, 0, int.MaxValue);
    }

    public void Dispose() => _certificate.Dispose();
}
