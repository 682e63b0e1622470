using Microsoft.Extensions.DependencyInjection;
using Vitals.Control.Fleet;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Fuzz;

/// <summary>
/// A seeded, bounded fuzz of every surface against a real server on loopback: no 5xx, no hang, no write from a refused
/// request, nosniff and the dialect's error shape on every JSON error. Run alone with
/// <c>--filter "Category=Fuzz"</c>; <see cref="FuzzRunner"/> lists the settings (seed, count, time budget).
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class FuzzTests
{
    /// <summary>
    /// The fuzz sends a wrong credential now and then, all from 127.0.0.1: a bucket this deep never throttles it, so
    /// every request still reaches its endpoint (the limiter itself is tested in Auth/).
    /// </summary>
    internal const int FailedAuthBurst = 100_000;

    [Fact]
    public Task Native_AnyInput_IsNever5xx_AndRefusalsWriteNothing() => RunAsync("native", async (s, r) => await NativeSurface.StartAsync(s, r), 3000);

    [Fact]
    public Task Huawei_AnyInput_IsNever5xx_AndRefusalsWriteNothing() => RunAsync("huawei", async (s, r) => await HuaweiSurface.StartAsync(s, r), 3000);

    [Fact]
    public Task Alibaba_AnySignedInput_IsNever5xx() => RunAsync("alibaba", async (s, r) => await AlibabaSurface.StartAsync(s, r), 3000);

    [Fact]
    public Task Ovh_AnySignedInput_IsNever5xx() => RunAsync("ovh", async (s, r) => await OvhSurface.StartAsync(s, r), 2000);

    [Fact]
    public Task Console_AnyInput_IsNever5xx() => RunAsync("console", async (s, r) => await ConsoleSurface.StartAsync(s, r), 1500);

    private static async Task RunAsync(string name, Func<RunningServer, RecordingFleetObserver, Task<IFuzzSurface>> start, int count)
    {
        var recorder = new RecordingFleetObserver();
        await using var server = await RunningServer.StartAsync(configure: services => services.AddSingleton<IFleetObserver>(recorder),
            options: o => o.FailedAuth.Burst = FailedAuthBurst);
        var surface = await start(server, recorder);
        await FuzzRunner.RunAsync(name, server.BaseAddress, surface, count);
    }
}
