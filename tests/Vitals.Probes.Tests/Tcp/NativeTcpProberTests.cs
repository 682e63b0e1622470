using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Probes.Tcp.Native;
using Vitals.Testing;

namespace Vitals.Probes.Tests.Tcp;

/// <summary>What only the epoll reactor has: batches, many checks at once, its own deadlines, its thread and fds.</summary>
public sealed class NativeTcpProberTests
{
    private const int DroppedPort = 8443;

    [Fact]
    public async Task ProbeAsync_TwoThousandChecksOnAThousandAddresses_AllEndWithTheirResult()
    {
        using var listener = ListenOnAny(out var port);
        using var stopAccepting = new CancellationTokenSource();
        var accepting = AcceptAndCloseAsync(listener, stopAccepting.Token);
        var refusedPort = LoopbackTcp.RefusedPort().Port;
        using var sut = CreateNative();
        var open = new Task<ProbeResult>[1000];
        var refused = new Task<ProbeResult>[1000];

        // Half in batches (as the engine starts them), half one by one.
        for (var i = 0; i < 1000; i++)
        {
            var address = new IPAddress([127, 1, (byte)(i / 250), (byte)((i % 250) + 1)]);
            if (i % 100 == 0)
            {
                sut.BeginBatch();
            }

            open[i] = sut.ProbeAsync(Specs.Target(new IPEndPoint(address, port), HealthMonitorType.Tcp), TestContext.Current.CancellationToken).AsTask();
            refused[i] = sut.ProbeAsync(Specs.Target(new IPEndPoint(address, refusedPort), HealthMonitorType.Tcp), TestContext.Current.CancellationToken).AsTask();
            if (i % 100 == 99)
            {
                sut.EndBatch();
            }
        }

        var passes = await Task.WhenAll(open);
        var failures = await Task.WhenAll(refused);

        Assert.All(passes, r => Assert.Equal(CheckCode.L4Ok, r.CheckCode));
        Assert.All(failures, r =>
        {
            Assert.Equal(CheckCode.L4Con, r.CheckCode);
            Assert.Equal("Connection refused", r.Detail);
        });
        Assert.Equal(0, sut.Reactor.Running);
        await stopAccepting.CancelAsync();
        listener.Close();
        await accepting;
    }

    [Fact]
    public async Task ProbeAsync_AfterBatchEnds_BatchedChecksStart()
    {
        using var listener = ListenOnAny(out var port);
        using var sut = CreateNative();
        var target = Specs.Target(new IPEndPoint(IPAddress.Loopback, port), HealthMonitorType.Tcp);

        sut.BeginBatch();
        var pending = sut.ProbeAsync(target, TestContext.Current.CancellationToken).AsTask();
        // Waited on this thread, not awaited: a batch belongs to the thread that began it.
        var startedInsideBatch = SpinWait.SpinUntil(() => pending.IsCompleted, 200);
        sut.EndBatch();
        var result = await pending.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.False(startedInsideBatch, "a batched check must wait for the end of its batch");
        Assert.Equal(CheckCode.L4Ok, result.CheckCode);
    }

    [Fact]
    public async Task ProbeAsync_SynDroppedWith500MsTimeout_EndsNearItsDeadline()
    {
        using var network = CreateNetwork();
        network.DropTcpPort(DroppedPort);
        using var sut = CreateNative();
        var target = Specs.Target(new IPEndPoint(network.AddressInside, DroppedPort), HealthMonitorType.Tcp, timeout: Specs.ShortTimeout);

        var stopwatch = Stopwatch.StartNew();
        var result = await sut.ProbeAsync(target, TestContext.Current.CancellationToken);
        stopwatch.Stop();

        Assert.Equal(CheckCode.L4Tout, result.CheckCode);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(10));
        Assert.InRange(result.Timings.TotalMicros, 450_000, 10_000_000);
    }

    [Fact]
    public async Task ProbeAsync_HostTokensCancelledDuringDroppedConnects_EveryCheckThrows()
    {
        using var network = CreateNetwork();
        network.DropAll();
        using var sut = CreateNative();
        using var shared = new CancellationTokenSource();
        using var other = new CancellationTokenSource();
        var target = Specs.Target(new IPEndPoint(network.AddressInside, DroppedPort), HealthMonitorType.Tcp, timeout: TimeSpan.FromSeconds(30));

        // The token of the first batched check becomes the prober's shared one (one registration); the other is
        // registered per check.
        var onShared = new Task<ProbeResult>[20];
        var onOther = new Task<ProbeResult>[20];
        sut.BeginBatch();
        for (var i = 0; i < onShared.Length; i++)
        {
            onShared[i] = sut.ProbeAsync(target, shared.Token).AsTask();
        }

        sut.EndBatch();
        for (var i = 0; i < onOther.Length; i++)
        {
            onOther[i] = sut.ProbeAsync(target, other.Token).AsTask();
        }

        await other.CancelAsync();
        foreach (var check in onOther)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => check.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        }

        Assert.All(onShared, t => Assert.False(t.IsCompleted));
        await shared.CancelAsync();
        foreach (var check in onShared)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => check.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task ProbeAsync_FiveThousandChecks_LeaveNoFileDescriptorOpen()
    {
        using var listener = ListenOnAny(out var port);
        using var sut = CreateNative();
        var open = Specs.Target(new IPEndPoint(IPAddress.Loopback, port), HealthMonitorType.Tcp);
        var closed = Specs.Target(LoopbackTcp.RefusedPort(), HealthMonitorType.Tcp);
        await sut.ProbeAsync(open, TestContext.Current.CancellationToken); // the reactor's own fds exist now
        var before = CountOpenFds();

        for (var round = 0; round < 50; round++)
        {
            var checks = new Task<ProbeResult>[100];
            sut.BeginBatch();
            for (var i = 0; i < checks.Length; i++)
            {
                checks[i] = sut.ProbeAsync(i % 2 == 0 ? open : closed, TestContext.Current.CancellationToken).AsTask();
            }

            sut.EndBatch();
            await Task.WhenAll(checks);
        }

        // Other tests of this process open and close sockets meanwhile: allow their noise, not 5,000 leaked fds.
        Assert.InRange(CountOpenFds() - before, -200, 200);
        Assert.Equal(0, sut.Reactor.Running);
    }

    [Fact]
    public async Task Dispose_CheckRunning_ThreadStopsAndCheckIsCancelled()
    {
        using var network = CreateNetwork();
        network.DropAll();
        var sut = CreateNative();
        var target = Specs.Target(new IPEndPoint(network.AddressInside, DroppedPort), HealthMonitorType.Tcp, timeout: TimeSpan.FromSeconds(30));
        var running = sut.ProbeAsync(target, CancellationToken.None).AsTask();
        await WaitUntilAsync(() => sut.Reactor.Running == 1);

        sut.Dispose();

        Assert.False(sut.Reactor.IsThreadAlive);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await sut.ProbeAsync(target, CancellationToken.None));
    }

    [Fact]
    public void Prober_OnLinuxWithSystemClock_UsesTheReactor_FakeClockUsesManaged()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("the epoll reactor runs only on Linux");
        }

        using var native = new Prober(TimeProvider.System);
        using var managed = new Prober(new ManualTimeProvider());

        Assert.True(native.UsesNativeTcp);
        Assert.False(managed.UsesNativeTcp);
    }

    private static NativeTcpProber CreateNative()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("the epoll reactor runs only on Linux");
        }

        return NativeTcpProber.TryCreate(TimeProvider.System) ?? throw new InvalidOperationException("the reactor did not start on Linux");
    }

    private static Socket ListenOnAny(out int port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Any, 0));
        listener.Listen(4096);
        port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        return listener;
    }

    /// <summary>Half-open checks never complete into the accept queue; any that do are closed at once.</summary>
    private static async Task AcceptAndCloseAsync(Socket listener, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var accepted = await listener.AcceptAsync(cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }
    }

    private static int CountOpenFds() => Directory.GetFiles("/proc/self/fd").Length;

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition() && stopwatch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), "timed out waiting");
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
