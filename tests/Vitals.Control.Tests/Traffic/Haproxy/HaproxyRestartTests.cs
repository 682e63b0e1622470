using System.Net;
using Vitals.Control.Traffic.Haproxy;

namespace Vitals.Control.Tests.Traffic.Haproxy;

/// <summary>What the reconciler must repair: a restarted or reloaded HAProxy forgets every runtime change.</summary>
public sealed class HaproxyRestartTests
{
    [Fact]
    public async Task Restart_RuntimeStateLost_ConfigurationStateBack()
    {
        using var listener = RealHaproxy.Listener();
        await using var haproxy = await RealHaproxy.StartAsync(RealHaproxy.Web(listener.Port()), tcpAdmin: true);
        var sut = RealHaproxy.Client(haproxy);
        var ct = TestContext.Current.CancellationToken;
        await ChangeEverythingAsync(sut, ct);
        var pid = haproxy.Pid;

        await haproxy.RestartAsync(ct);

        Assert.NotEqual(pid, haproxy.Pid);
        await AssertAsConfiguredAsync(sut, ct);
        var tcp = new HaproxyRuntimeClient(HaproxyEndpoint.Tcp(haproxy.TcpAdmin!.Address, haproxy.TcpAdmin.Port));
        Assert.True((await tcp.ShowVersionAsync(ct)).SupportsDynamicServers, "the TCP admin socket is back on the same port");
    }

    [Fact]
    public async Task Reload_MasterWorker_RuntimeStateLost()
    {
        using var listener = RealHaproxy.Listener();
        await using var haproxy = await RealHaproxy.StartAsync(RealHaproxy.Web(listener.Port()), masterWorker: true);
        var sut = RealHaproxy.Client(haproxy);
        var ct = TestContext.Current.CancellationToken;
        await ChangeEverythingAsync(sut, ct);

        await haproxy.ReloadAsync(ct);

        await AssertAsConfiguredAsync(sut, ct);
    }

    private static async Task ChangeEverythingAsync(HaproxyRuntimeClient client, CancellationToken ct)
    {
        await client.SetHealthAsync("web", "s1", HaproxyHealth.Down, ct);
        await client.SetStateAsync("web", "s2", HaproxyAdminState.Maint, ct);
        await client.SetWeightAsync("web", "s3", 7, ct);
        await client.AddServerAsync("web", "m-4", IPAddress.Parse("127.0.0.4"), 8084, 1, HaproxyAdminState.Ready, agent: null, ct);
        var before = await client.ShowServersStateAsync("web", ct);
        Assert.Equal(4, before.Count);
        Assert.False(before[0].IsUp);
        Assert.True(before[1].IsMaint);
        Assert.Equal(7, before[2].UserWeight);
    }

    private static async Task AssertAsConfiguredAsync(HaproxyRuntimeClient client, CancellationToken ct)
    {
        var after = await client.ShowServersStateAsync("web", ct);
        Assert.Equal(["s1", "s2", "s3"], after.Select(s => s.ServerName));
        Assert.True(after[0].IsUp, "s1's forced health is forgotten");
        Assert.False(after[1].IsMaint, "s2's maintenance is forgotten");
        Assert.Equal(50, after[2].UserWeight);
    }
}
