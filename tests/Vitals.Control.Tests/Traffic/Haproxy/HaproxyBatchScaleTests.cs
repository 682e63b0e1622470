using System.Diagnostics;
using System.Globalization;
using System.Text;
using Vitals.Control.Traffic.Haproxy;

namespace Vitals.Control.Tests.Traffic.Haproxy;

/// <summary>1,000 servers on one connection: every command answered, every state read back. Timings are printed, not asserted.</summary>
public sealed class HaproxyBatchScaleTests(ITestOutputHelper output)
{
    private const int Servers = 1000;

    [Fact]
    public async Task RunBatch_1000SetServerCommands_AllAppliedOnOneConnection()
    {
        var configuration = new StringBuilder(RealHaproxy.Defaults).Append("backend big\n    balance roundrobin\n");
        for (var i = 0; i < Servers; i++)
        {
            configuration.Append(CultureInfo.InvariantCulture, $"    server s{i} 127.0.0.{1 + (i / 250)}:{10000 + i}\n");
        }

        await using var haproxy = await RealHaproxy.StartAsync(configuration.ToString());
        var sut = RealHaproxy.Client(haproxy);
        var ct = TestContext.Current.CancellationToken;
        var drain = new HaproxyCommand[Servers];
        var weights = new HaproxyCommand[Servers];
        for (var i = 0; i < Servers; i++)
        {
            drain[i] = i % 2 == 0 ? HaproxyCommand.SetState("big", "s" + i, HaproxyAdminState.Drain) : HaproxyCommand.SetHealth("big", "s" + i, HaproxyHealth.Down);
            weights[i] = HaproxyCommand.SetWeight("big", "s" + i, 1 + (i % 200));
        }

        await sut.RunAsync(weights, ct); // warm-up: JIT and the first connection
        var started = Stopwatch.GetTimestamp();
        var results = await sut.RunAsync(drain, ct);
        var batch = Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        var states = await sut.ShowServersStateAsync("big", ct);
        var read = Stopwatch.GetElapsedTime(started);

        output.WriteLine($"HAProxy {haproxy.Pid}: {Servers} set server commands in one batch: {batch.TotalMilliseconds:0.0} ms; show servers state of {states.Count} servers: {read.TotalMilliseconds:0.0} ms");
        Assert.All(results, r => Assert.True(r.Succeeded, r.Command.Text + " → " + r.Answer));
        Assert.Equal(Servers, states.Count);
        for (var i = 0; i < Servers; i++)
        {
            var state = states[i];
            Assert.Equal("s" + i, state.ServerName);
            Assert.Equal(1 + (i % 200), state.UserWeight);
            Assert.Equal(10000 + i, state.Port);
            if (i % 2 == 0)
            {
                Assert.True(state.IsDrain, state.ServerName);
                Assert.True(state.IsUp, state.ServerName);
            }
            else
            {
                Assert.False(state.IsDrain, state.ServerName);
                Assert.False(state.IsUp, state.ServerName);
            }
        }
    }
}
