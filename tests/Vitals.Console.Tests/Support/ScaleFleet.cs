using System.Diagnostics;
using System.Globalization;

namespace Vitals.Console.Tests.Support;

/// <summary>
/// A server of its own with one project of <see cref="MemberCount"/> members in one pool without a monitor (all
/// <c>Unavailable</c>, nothing is probed), seeded with parallel REST POSTs at bounded concurrency.
/// </summary>
public sealed class ScaleFleet : IAsyncLifetime
{
    public const int MemberCount = 10_000;
    private const int Concurrency = 16;
    private const int FirstPort = 20_000;

    private VitalsProcess? _server;

    public string Url => _server!.Url;

    public string Token { get; private set; } = "";

    public string PoolId { get; private set; } = "";

    public TimeSpan SeedTime { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _server = await VitalsProcess.StartAsync(cancellationToken);
        Token = await VitalsApi.CreateProjectAsync(_server, "scale", cancellationToken);
        using var api = new VitalsApi(_server.Url, Token);
        var clock = Stopwatch.StartNew();
        var loadBalancer = await api.CreateAsync("loadbalancers", new { name = "big" }, cancellationToken);
        var listener = await api.CreateAsync("listeners", new { name = "tcp-80", loadbalancer_id = loadBalancer, protocol = "TCP", protocol_port = 80 }, cancellationToken);
        PoolId = await api.CreateAsync("pools", new { name = "big-pool", loadbalancer_id = loadBalancer, listener_id = listener, protocol = "TCP" }, cancellationToken);
        await Parallel.ForAsync(0, MemberCount, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (i, ct) => await api.CreateAsync("members", new
            {
                name = string.Create(CultureInfo.InvariantCulture, $"m-{i:D5}"),
                pool_id = PoolId,
                address = "127.0.0.1",
                protocol_port = FirstPort + i,
            }, ct));
        SeedTime = clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
