using Vitals.Probes.Grpc;
using Vitals.Testing;

namespace Vitals.Probes.Tests.Grpc;

/// <summary>Every check opens its own connection and closes it when done, as a load balancer's check does.</summary>
public sealed class GrpcProberConnectionTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProbeAsync_SequentialChecks_UseOneFreshConnectionEachAndCloseIt()
    {
        await using var server = await GrpcHealthServer.StartAsync("SERVING", cancellationToken: Token);
        await using var proxy = new GrpcConnectionCountingProxy(server.Port);
        var sut = new GrpcProber(TimeProvider.System);
        var target = GrpcTestTargets.Loopback(proxy.Port);

        for (var i = 1; i <= 3; i++)
        {
            var result = await sut.ProbeAsync(target, Token);

            GrpcAssert.Passed(result);
            Assert.Equal(i, proxy.Accepted);
            Assert.True(await proxy.WaitForClosedAsync(i, Token), $"check {i}: its connection is still open");
        }
    }

    [Fact]
    public async Task ProbeAsync_ConcurrentChecksOfOneEndpoint_DoNotShareAConnection()
    {
        await using var server = await GrpcHealthServer.StartAsync("SERVING", cancellationToken: Token);
        await using var proxy = new GrpcConnectionCountingProxy(server.Port);
        var sut = new GrpcProber(TimeProvider.System);
        var first = GrpcTestTargets.Loopback(proxy.Port);
        var second = GrpcTestTargets.Loopback(proxy.Port, expectedCodes: "0-2");

        var results = await Task.WhenAll(
            sut.ProbeAsync(first, Token).AsTask(), sut.ProbeAsync(second, Token).AsTask(),
            sut.ProbeAsync(first, Token).AsTask(), sut.ProbeAsync(second, Token).AsTask());

        Assert.All(results, GrpcAssert.Passed);
        Assert.Equal(4, proxy.Accepted);
        Assert.True(await proxy.WaitForClosedAsync(4, Token), "a check's connection is still open");
    }

    [Fact]
    public async Task ProbeAsync_FailedCheck_ClosesItsConnection()
    {
        await using var server = await GrpcHealthServer.StartAsync("NOT_SERVING", cancellationToken: Token);
        await using var proxy = new GrpcConnectionCountingProxy(server.Port);
        var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(proxy.Port), Token);

        Assert.False(result.IsSuccess, result.ToString());
        Assert.Equal(1, proxy.Accepted);
        Assert.True(await proxy.WaitForClosedAsync(1, Token), "the failed check's connection is still open");
    }
}
