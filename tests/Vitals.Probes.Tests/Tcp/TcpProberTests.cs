using System.Net;
using System.Net.Sockets;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Probes.Tcp;
using Vitals.Testing;

namespace Vitals.Probes.Tests.Tcp;

public sealed class TcpProberTests
{
    private readonly TcpProber _sut = new(TimeProvider.System);

    [Fact]
    public async Task ProbeAsync_Listening_PassesL4OkWithTimings()
    {
        using var listener = Listen();
        var target = Specs.Target((IPEndPoint)listener.LocalEndPoint!, HealthMonitorType.Tcp);

        var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.CheckStatus);
        Assert.Equal(CheckCode.L4Ok, result.CheckCode);
        Assert.Equal(ReasonCode.None, result.Reason);
        Assert.InRange(result.Timings.ConnectMicros, 0, int.MaxValue);
        Assert.InRange(result.Timings.TotalMicros, result.Timings.ConnectMicros, int.MaxValue);
        Assert.Equal(-1, result.Timings.TlsMicros);
    }

    [Fact]
    public async Task ProbeAsync_Listening_IsHalfOpenAndLeavesNoTimeWait()
    {
        using var listener = Listen();
        var endPoint = (IPEndPoint)listener.LocalEndPoint!;
        var target = Specs.Target(endPoint, HealthMonitorType.Tcp);

        for (var i = 0; i < 20; i++)
        {
            var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);
            Assert.True(result.IsSuccess, result.CheckStatus);
        }

        // The last ACK of each handshake was replaced by RST, so nothing completed into the accept queue, and
        // an RST close leaves no TIME_WAIT on either side.
        Assert.False(listener.Poll(0, SelectMode.SelectRead), "the backend had a connection to accept");
        if (LoopbackTcp.CountTimeWait(endPoint.Port) is { } timeWait)
        {
            Assert.Equal(0, timeWait);
        }
    }

    [Fact]
    public async Task ProbeAsync_NothingListening_FailsConnectFailedL4Con()
    {
        var target = Specs.Target(LoopbackTcp.RefusedPort(), HealthMonitorType.Tcp);

        var result = await _sut.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.False(result.IsSuccess);
        Assert.Equal(ReasonCode.ConnectFailed, result.Reason);
        Assert.Equal(CheckCode.L4Con, result.CheckCode);
        Assert.Equal("Connection refused", result.Detail);
        Assert.Equal(-1, result.Timings.ConnectMicros);
    }

    [Fact]
    public async Task ProbeAsync_HostTokenCancelled_Throws()
    {
        using var listener = Listen();
        var target = Specs.Target((IPEndPoint)listener.LocalEndPoint!, HealthMonitorType.Tcp);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await _sut.ProbeAsync(target, new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task ProbeAsync_ManyInParallel_AllPass()
    {
        using var listener = Listen(backlog: 512);
        var target = Specs.Target((IPEndPoint)listener.LocalEndPoint!, HealthMonitorType.Tcp);
        var probes = new Task<ProbeResult>[200];

        for (var i = 0; i < probes.Length; i++)
        {
            probes[i] = _sut.ProbeAsync(target, TestContext.Current.CancellationToken).AsTask();
        }

        foreach (var result in await Task.WhenAll(probes))
        {
            Assert.True(result.IsSuccess, result.CheckStatus);
        }
    }

    private static Socket Listen(int backlog = 16)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(backlog);
        return listener;
    }
}
