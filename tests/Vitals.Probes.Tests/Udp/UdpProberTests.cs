using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Probes.Udp;
using Vitals.Testing;

namespace Vitals.Probes.Tests.Udp;

public sealed class UdpProberTests
{
    private readonly UdpProber _sut = new(TimeProvider.System);

    [Fact]
    public async Task ProbeAsync_ClosedPort_FailsConnectFailedL4Con()
    {
        var target = Specs.Target(LoopbackUdpServer.ClosedPort(), HealthMonitorType.UdpConnect, timeout: TimeSpan.FromSeconds(5));

        var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.False(result.IsSuccess);
        Assert.Equal(ReasonCode.ConnectFailed, result.Reason);
        Assert.Equal(CheckCode.L4Con, result.CheckCode);
        Assert.Equal("Port unreachable (ICMP)", result.Detail);
    }

    [Fact]
    public async Task ProbeAsync_SilentPort_PassesAtTheDeadline()
    {
        await using var server = LoopbackUdpServer.Silent();
        var target = Specs.Target(server.EndPoint, HealthMonitorType.UdpConnect, timeout: Specs.ShortTimeout);

        var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.CheckStatus);
        Assert.Equal(CheckCode.L4Ok, result.CheckCode);
        Assert.Null(result.Content);
        Assert.Equal(1, server.Received);
        Assert.InRange(result.Timings.TotalMicros, (int)(Specs.ShortTimeout.TotalMicroseconds * 0.9), int.MaxValue);
    }

    [Fact]
    public async Task ProbeAsync_EchoingPort_PassesWithTheReply()
    {
        await using var server = LoopbackUdpServer.Echo();
        var target = Specs.Target(server.EndPoint, HealthMonitorType.UdpConnect, timeout: TimeSpan.FromSeconds(5));

        var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.CheckStatus);
        Assert.Equal(CheckCode.L4Ok, result.CheckCode);
        Assert.Equal("VITALS-HEALTH-CHECK\n", result.Content);
        Assert.InRange(result.Timings.FirstByteMicros, 0, int.MaxValue);
    }

    [Fact]
    public async Task ProbeAsync_HostTokenFires_Throws()
    {
        await using var server = LoopbackUdpServer.Silent();
        var target = Specs.Target(server.EndPoint, HealthMonitorType.UdpConnect, timeout: TimeSpan.FromSeconds(30));
        using var host = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _sut.ProbeAsync(target, host.Token));
    }
}
