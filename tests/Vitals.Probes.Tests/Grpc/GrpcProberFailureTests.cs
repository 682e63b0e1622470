using System.Net;
using System.Net.Sockets;
using Vitals.Core.Probing;
using Vitals.Probes.Grpc;
using Vitals.Testing;

namespace Vitals.Probes.Tests.Grpc;

/// <summary>The GRPC prober against peers that refuse, stay silent or cut the connection, and a stopping host.</summary>
public sealed class GrpcProberFailureTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProbeAsync_RefusedPort_FailsWithConnectFailed()
    {
        var port = ClosedPort();
        var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(port), Token);

        GrpcAssert.Failed(result, ReasonCode.ConnectFailed, CheckCode.L4Con);
        Assert.Equal(-1, result.Timings.ConnectMicros);
    }

    [Fact]
    public async Task ProbeAsync_SilentServerWithShortTimeout_FailsWithRecvResponseTimeout()
    {
        await using var server = GrpcRawTcpServer.Silent();
        var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(server.Port, timeout: TimeSpan.FromMilliseconds(500)), Token);

        GrpcAssert.Failed(result, ReasonCode.RecvResponseTimeout, CheckCode.L7Tout);
        Assert.True(result.Timings.ConnectMicros >= 0, result.ToString());
        Assert.Equal(-1, result.Timings.FirstByteMicros);
        // The timer may fire a little before the monotonic clock says 500 ms: only a loose lower bound.
        Assert.True(result.Timings.TotalMicros >= 400_000, result.ToString());
    }

    [Fact]
    public async Task ProbeAsync_TlsToSilentServer_FailsWithTlsHandshakeTimeout()
    {
        await using var server = GrpcRawTcpServer.Silent();
        var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(
            GrpcTestTargets.Loopback(server.Port, timeout: TimeSpan.FromMilliseconds(500), tls: true), Token);

        GrpcAssert.Failed(result, ReasonCode.TlsHandshakeTimeout, CheckCode.L6Tout);
        Assert.True(result.Timings.ConnectMicros >= 0, result.ToString());
        Assert.Equal(-1, result.Timings.TlsMicros);
    }

    [Fact]
    public async Task ProbeAsync_SilentServerOnFakeClock_TimesOutWhenTheClockPassesTheTimeout()
    {
        await using var server = GrpcRawTcpServer.Silent();
        var clock = new ManualTimeProvider();
        var sut = new GrpcProber(clock);
        var target = GrpcTestTargets.Loopback(server.Port, timeout: TimeSpan.FromSeconds(2));

        var probe = sut.ProbeAsync(target, Token).AsTask();
        await server.WaitForAcceptedAsync(1, Token);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(probe.IsCompleted, "the check ended before its deadline");
        clock.Advance(TimeSpan.FromSeconds(1));
        var result = await probe.WaitAsync(TimeSpan.FromSeconds(30), Token);

        GrpcAssert.Failed(result, ReasonCode.RecvResponseTimeout, CheckCode.L7Tout);
        Assert.Equal(2_000_000, result.Timings.TotalMicros);
    }

    [Fact]
    public async Task ProbeAsync_ServerResetsTheConnection_FailsWithConnectInterrupt()
    {
        await using var server = GrpcRawTcpServer.ResetAfterRequest();
        var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(server.Port), Token);

        GrpcAssert.Failed(result, ReasonCode.ConnectInterrupt, CheckCode.L7Rsp);
    }

    [Fact]
    public async Task ProbeAsync_ServerClosesCleanlyWithoutAnswering_FailsWithConnectInterrupt()
    {
        // The same cut as a reset, seen by the client as an end of stream during the HTTP/2 handshake: it once came
        // out as an invalid response, depending on which of the two the close raced into.
        await using var server = GrpcRawTcpServer.ClosesAfterRequest();
        var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(server.Port), Token);

        GrpcAssert.Failed(result, ReasonCode.ConnectInterrupt, CheckCode.L7Rsp);
    }

    [Fact]
    public async Task ProbeAsync_HostStopsDuringCheck_ThrowsOperationCanceled()
    {
        await using var server = GrpcRawTcpServer.Silent();
        var sut = new GrpcProber(TimeProvider.System);
        using var host = CancellationTokenSource.CreateLinkedTokenSource(Token);

        var probe = sut.ProbeAsync(GrpcTestTargets.Loopback(server.Port), host.Token).AsTask();
        await server.WaitForAcceptedAsync(1, Token);
        await host.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probe.WaitAsync(TimeSpan.FromSeconds(30), Token));
    }

    [Fact]
    public async Task ProbeAsync_HostAlreadyStopped_ThrowsOperationCanceled()
    {
        var sut = new GrpcProber(TimeProvider.System);
        using var host = new CancellationTokenSource();
        await host.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await sut.ProbeAsync(GrpcTestTargets.Loopback(ClosedPort()), host.Token));
    }

    /// <summary>A loopback port with nothing listening (bound then released; nothing else takes it that fast).</summary>
    private static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
