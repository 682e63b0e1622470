using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Vitals.Core.Monitoring;
using Vitals.Probes.Tcp.Native;

namespace Vitals.Probes.Tests.Tcp;

/// <summary>
/// The epoll reactor's wake-ups under contention: many threads starting checks one at a time (each start is an
/// enqueue and a wake), so a wake-up lost between the reactor's drain and its queue read would leave a check queued
/// for ever. That once happened (a flag cleared before the eventfd was drained); a lost check shows here as a wait
/// that runs out instead of a pass.
/// </summary>
public sealed class TcpReactorWakeTests
{
    private const int Workers = 8;
    private const int ChecksPerWorker = 3_000;

    [Fact]
    public async Task ProbeAsync_ManyThreadsStartingOneAtATime_EveryCheckEnds()
    {
        using var prober = NativeTcpProber.TryCreate(TimeProvider.System);
        if (prober is null)
        {
            Assert.Skip("the epoll reactor runs only on Linux");
        }

        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4096);
        var target = Specs.Target((IPEndPoint)listener.LocalEndPoint!, HealthMonitorType.Tcp);
        var clock = Stopwatch.StartNew();
        var lost = 0;
        var passed = 0;

        var workers = new Task[Workers];
        for (var w = 0; w < Workers; w++)
        {
            workers[w] = Task.Factory.StartNew(async () =>
            {
                for (var i = 0; i < ChecksPerWorker && clock.Elapsed < TimeSpan.FromSeconds(60); i++)
                {
                    try
                    {
                        // The check's own timeout is 3 s, so 10 s without an end means it was never started.
                        var result = await prober.ProbeAsync(target, TestContext.Current.CancellationToken).AsTask()
                            .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
                        if (result.IsSuccess)
                        {
                            Interlocked.Increment(ref passed);
                        }
                    }
                    catch (TimeoutException)
                    {
                        Interlocked.Increment(ref lost);
                        return;
                    }
                }
            }, TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        }

        await Task.WhenAll(workers);

        Assert.Equal(0, lost);
        Assert.True(passed >= Workers * 100, $"only {passed} checks passed in {clock.Elapsed.TotalSeconds:F0} s");
    }
}
