using System.Security.Cryptography.X509Certificates;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Probes.Tls;
using Vitals.Testing;

namespace Vitals.Probes.Tests.Tls;

public sealed class TlsProberTests : IDisposable
{
    private readonly TlsProber _sut = new(TimeProvider.System);
    private readonly X509Certificate2 _certificate = LoopbackCertificate.Create("tls-backend.test");

    [Fact]
    public async Task ProbeAsync_Handshake_PassesL6OkAndSendsDomainAsSni()
    {
        await using var server = LoopbackServer.StartTls(_certificate, static connection => connection.StaySilentAsync());
        var target = Specs.Target(server.EndPoint, HealthMonitorType.Tls, domainName: "sni.example.org");

        var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.CheckStatus);
        Assert.Equal(CheckCode.L6Ok, result.CheckCode);
        Assert.Contains("CN=tls-backend.test", result.Detail, StringComparison.Ordinal);
        Assert.InRange(result.Timings.TlsMicros, result.Timings.ConnectMicros, int.MaxValue);
        Assert.Equal("sni.example.org", Assert.Single(server.ServerNames));
    }

    [Fact]
    public async Task ProbeAsync_NoDomainName_SendsNoSni()
    {
        await using var server = LoopbackServer.StartTls(_certificate, static connection => connection.StaySilentAsync());

        var result = await _sut.ProbeAsync(Specs.Target(server.EndPoint, HealthMonitorType.Tls), TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.CheckStatus);
        Assert.True(string.IsNullOrEmpty(Assert.Single(server.ServerNames)));
    }

    [Fact]
    public async Task ProbeAsync_GarbageAnswer_FailsTlsHandshakeL6Rsp()
    {
        await using var server = LoopbackServer.Start(static async connection =>
        {
            await connection.WriteAsync("this is not TLS at all\r\n");
            connection.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            await connection.StaySilentAsync();
        });

        var result = await _sut.ProbeAsync(Specs.Target(server.EndPoint, HealthMonitorType.Tls), TestContext.Current.CancellationToken);

        Assert.Equal(ReasonCode.TlsHandshakeFailed, result.Reason);
        Assert.Equal(CheckCode.L6Rsp, result.CheckCode);
        Assert.StartsWith("TLS handshake failed", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_ClosedOnClientHello_FailsTlsHandshakeL6Rsp()
    {
        await using var server = LoopbackServer.Start(static async connection =>
        {
            await connection.Stream.ReadExactlyAsync(new byte[1], connection.Stopping);
            connection.Socket.Close();
        });

        var result = await _sut.ProbeAsync(Specs.Target(server.EndPoint, HealthMonitorType.Tls), TestContext.Current.CancellationToken);

        Assert.Equal(ReasonCode.TlsHandshakeFailed, result.Reason);
        Assert.Equal(CheckCode.L6Rsp, result.CheckCode);
    }

    [Fact]
    public async Task ProbeAsync_AcceptedButNoServerHello_FailsTlsHandshakeTimeoutL6Tout()
    {
        await using var server = LoopbackServer.Start(static connection => connection.StaySilentAsync());
        var target = Specs.Target(server.EndPoint, HealthMonitorType.Tls, timeout: Specs.ShortTimeout);

        var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.Equal(ReasonCode.TlsHandshakeTimeout, result.Reason);
        Assert.Equal(CheckCode.L6Tout, result.CheckCode);
        Assert.Equal("Timeout during TLS handshake", result.Detail);
        Assert.InRange(result.Timings.ConnectMicros, 0, int.MaxValue);
        Assert.Equal(-1, result.Timings.TlsMicros);
    }

    [Fact]
    public async Task ProbeAsync_RefusedPort_FailsConnectFailed()
    {
        var result = await _sut.ProbeAsync(Specs.Target(LoopbackTcp.RefusedPort(), HealthMonitorType.Tls), TestContext.Current.CancellationToken);

        Assert.Equal(ReasonCode.ConnectFailed, result.Reason);
        Assert.Equal(CheckCode.L4Con, result.CheckCode);
    }

    public void Dispose() => _certificate.Dispose();
}
