using System.Diagnostics;
using System.Net;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Testing;

namespace Vitals.Probes.Tests.Tcp;

/// <summary>Dropped SYNs need a real firewall: these run against a network namespace made for the test.</summary>
public sealed class TcpConnectTimeoutTests
{
    private const int DroppedPort = 8443;
    private const int OpenPathPort = 8080;

    [Theory]
    [InlineData(TcpProberKind.Managed)]
    [InlineData(TcpProberKind.Native)]
    public async Task ProbeAsync_SynDropped_FailsConnectTimeoutL4Tout(string kind)
    {
        using var network = CreateNetwork();
        network.DropTcpPort(DroppedPort);
        using var lease = TcpProberKind.Create(kind);
        var sut = lease.Prober;

        // The path works: a port without a rule is refused by the namespace's kernel...
        var refused = await sut.ProbeAsync(Specs.Target(new IPEndPoint(network.AddressInside, OpenPathPort), HealthMonitorType.Tcp),
            TestContext.Current.CancellationToken);
        var stopwatch = Stopwatch.StartNew();

        // ...so silence on the dropped port is the firewall, and our deadline ends the check.
        var result = await sut.ProbeAsync(
            Specs.Target(new IPEndPoint(network.AddressInside, DroppedPort), HealthMonitorType.Tcp, timeout: Specs.ShortTimeout),
            TestContext.Current.CancellationToken);

        Assert.Equal(ReasonCode.ConnectFailed, refused.Reason);
        Assert.False(result.IsSuccess);
        Assert.Equal(ReasonCode.ConnectTimeout, result.Reason);
        Assert.Equal(CheckCode.L4Tout, result.CheckCode);
        Assert.Equal("Timeout while connecting", result.Detail);
        Assert.InRange(stopwatch.Elapsed, Specs.ShortTimeout * 0.9, Specs.ShortTimeout + TimeSpan.FromSeconds(10));
        Assert.InRange(result.Timings.TotalMicros, (int)(Specs.ShortTimeout.TotalMicroseconds * 0.9), int.MaxValue);
    }

    [Theory]
    [InlineData(TcpProberKind.Managed)]
    [InlineData(TcpProberKind.Native)]
    public async Task ProbeAsync_FirewallRejects_FailsConnectFailedL4Con(string kind)
    {
        using var network = CreateNetwork();
        network.RejectTcpPort(DroppedPort);
        using var lease = TcpProberKind.Create(kind);
        var sut = lease.Prober;

        var result = await sut.ProbeAsync(Specs.Target(new IPEndPoint(network.AddressInside, DroppedPort), HealthMonitorType.Tcp),
            TestContext.Current.CancellationToken);

        Assert.Equal(ReasonCode.ConnectFailed, result.Reason);
        Assert.Equal(CheckCode.L4Con, result.CheckCode);
    }

    [Theory]
    [InlineData(TcpProberKind.Managed)]
    [InlineData(TcpProberKind.Native)]
    public async Task ProbeAsync_HostStopsDuringDroppedConnect_ThrowsInsteadOfTimeout(string kind)
    {
        using var network = CreateNetwork();
        network.DropAll();
        using var lease = TcpProberKind.Create(kind);
        var sut = lease.Prober;
        using var host = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await sut.ProbeAsync(
            Specs.Target(new IPEndPoint(network.AddressInside, DroppedPort), HealthMonitorType.Tcp, timeout: TimeSpan.FromSeconds(30)),
            host.Token));
    }

    private static NetworkNamespace CreateNetwork()
    {
        if (!NetworkNamespace.TryCreate(out var network, out var whyNot))
        {
            Assert.Skip("needs a network namespace for a dropped SYN: " + whyNot);
        }

        return network!;
    }
}
