using System.Net;
using System.Net.Sockets;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Testing;

namespace Vitals.Probes.Tests.Tcp;

public sealed class TcpProberTests
{

    [Theory]
    [InlineData(TcpProberKind.Managed)]
    [InlineData(TcpProberKind.Native)]
    public async Task ProbeAsync_Listening_PassesL4OkWithTimings(string kind)
    {
        using var sut = TcpProberKind.Create(kind);
        using var listener = Listen();
        var target = Specs.Target((IPEndPoint)listener.LocalEndPoint!, HealthMonitorType.Tcp);

        var result = await sut.Prober.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.CheckStatus);
        Assert.Equal(CheckCode.L4Ok, result.CheckCode);
        Assert.Equal(ReasonCode.None, result.Reason);
        Assert.InRange(result.Timings.ConnectMicros, 0, int.MaxValue);
        Assert.InRange(result.Timings.TotalMicros, result.Timings.ConnectMicros, int.MaxValue);
        Assert.Equal(-1, result.Timings.TlsMicros);
    }

    [Theory]
    [InlineData(TcpProberKind.Managed)]
    [InlineData(TcpProberKind.Native)]
    public async Task ProbeAsync_Listening_IsHalfOpenAndLeavesNoTimeWait(string kind)
    {
        using var sut = TcpProberKind.Create(kind);
        using var listener = Listen();
        var endPoint = (IPEndPoint)listener.LocalEndPoint!;
        var target = Specs.Target(endPoint, HealthMonitorType.Tcp);

        for (var i = 0; i < 20; i++)
        {
            var result = await sut.Prober.ProbeAsync(target, TestContext.Current.CancellationToken);
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

    [Theory]
    [InlineData(TcpProberKind.Managed)]
    [InlineData(TcpProberKind.Native)]
    public async Task ProbeAsync_NothingListening_FailsConnectFailedL4Con(string kind)
    {
        using var sut = TcpProberKind.Create(kind);
        var target = Specs.Target(LoopbackTcp.RefusedPort(), HealthMonitorType.Tcp);

        var result = await sut.Prober.ProbeAsync(target, TestContext.Current.CancellationToken);

        Assert.False(result.IsSuccess);
        Assert.Equal(ReasonCode.ConnectFailed, result.Reason);
        Assert.Equal(CheckCode.L4Con, result.CheckCode);
        Assert.Equal("Connection refused", result.Detail);
        Assert.Equal(-1, result.Timings.ConnectMicros);
    }

    [Theory]
    [InlineData(TcpProberKind.Managed)]
    [InlineData(TcpProberKind.Native)]
    public async Task ProbeAsync_HostTokenCancelled_Throws(string kind)
    {
        using var sut = TcpProberKind.Create(kind);
        using var listener = Listen();
        var target = Specs.Target((IPEndPoint)listener.LocalEndPoint!, HealthMonitorType.Tcp);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await sut.Prober.ProbeAsync(target, new CancellationToken(canceled: true)));
    }

    [Theory]
    [InlineData(TcpProberKind.Managed)]
    [InlineData(TcpProberKind.Native)]
    public async Task ProbeAsync_ManyInParallel_AllPass(string kind)
    {
        using var sut = TcpProberKind.Create(kind);
        using var listener = Listen(backlog: 512);
        var target = Specs.Target((IPEndPoint)listener.LocalEndPoint!, HealthMonitorType.Tcp);
        var probes = new Task<ProbeResult>[200];

        for (var i = 0; i < probes.Length; i++)
        {
            probes[i] = sut.Prober.ProbeAsync(target, TestContext.Current.CancellationToken).AsTask();
        }

        foreach (var result in await Task.WhenAll(probes))
        {
            Assert.True(result.IsSuccess, result.CheckStatus);
        }
    }

    [Theory]
    [InlineData(TcpProberKind.Managed)]
    [InlineData(TcpProberKind.Native)]
    public async Task ProbeAsync_Ipv6ListeningAndRefused_PassesAndFails(string kind)
    {
        using var sut = TcpProberKind.Create(kind);
        using var listener = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        }
        catch (SocketException e)
        {
            Assert.Skip("no IPv6 loopback here: " + e.Message);
        }

        listener.Listen(16);
        var open = (IPEndPoint)listener.LocalEndPoint!;
        using var released = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        released.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        var closed = (IPEndPoint)released.LocalEndPoint!;
        released.Close();

        var pass = await sut.Prober.ProbeAsync(Specs.Target(open, HealthMonitorType.Tcp), TestContext.Current.CancellationToken);
        var fail = await sut.Prober.ProbeAsync(Specs.Target(closed, HealthMonitorType.Tcp), TestContext.Current.CancellationToken);

        Assert.Equal(CheckCode.L4Ok, pass.CheckCode);
        Assert.Equal(CheckCode.L4Con, fail.CheckCode);
        Assert.Equal("Connection refused", fail.Detail);
    }

    private static Socket Listen(int backlog = 16)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(backlog);
        return listener;
    }
}
