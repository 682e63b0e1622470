using System.Net;
using System.Net.Sockets;
using Vitals.Control.Traffic.Haproxy;
using Vitals.Testing;

namespace Vitals.Control.Tests.Traffic.Haproxy;

/// <summary><c>add server</c> and the safe delete against the real HAProxy, with and without traffic on the server.</summary>
public sealed class HaproxyDynamicServerTests
{
    [Fact]
    public async Task AddServer_Ready_RegisteredWithItsAddressWeightAndState()
    {
        using var listener = RealHaproxy.Listener();
        await using var haproxy = await RealHaproxy.StartAsync(RealHaproxy.Web(listener.Port()));
        var sut = RealHaproxy.Client(haproxy);
        var ct = TestContext.Current.CancellationToken;

        await sut.AddServerAsync("web", "m-4", IPAddress.Parse("127.0.0.4"), 8084, 30, HaproxyAdminState.Ready, agent: null, ct);
        await sut.AddServerAsync("web", "m-6", IPAddress.IPv6Loopback, 8086, 0, HaproxyAdminState.Drain, agent: null, ct);
        await sut.AddServerAsync("web", "m-7", IPAddress.Parse("127.0.0.7"), 8087, 1, HaproxyAdminState.Maint, agent: null, ct);
        var added = await RealHaproxy.StateAsync(sut, "web", "m-4");
        var v6 = await RealHaproxy.StateAsync(sut, "web", "m-6");
        var maint = await RealHaproxy.StateAsync(sut, "web", "m-7");

        Assert.Equal(("127.0.0.4", 8084, 30, 30), (added.Address, added.Port, added.UserWeight, added.InitialWeight));
        Assert.Equal((HaproxyOperationalState.Running, HaproxyAdminFlags.None), (added.OperationalState, added.AdminState));
        Assert.False(added.HasCheck);
        Assert.Equal(("::1", 8086, 0), (v6.Address, v6.Port, v6.UserWeight));
        Assert.True(v6.IsDrain);
        Assert.True(maint.IsMaint);
        Assert.Equal(HaproxyAdminFlags.ForcedMaint, maint.AdminState);
    }

    [Fact]
    public async Task AddServer_WithAgentCheck_AgentConfiguredAndEnabled()
    {
        using var listener = RealHaproxy.Listener();
        await using var haproxy = await RealHaproxy.StartAsync(RealHaproxy.Web(listener.Port()));
        var sut = RealHaproxy.Client(haproxy);
        var agentPort = LoopbackTcp.RefusedPort().Port;

        await sut.AddServerAsync("web", "m-4", IPAddress.Parse("127.0.0.4"), 8084, 10, HaproxyAdminState.Ready,
            new HaproxyAgentCheck(IPAddress.Loopback, agentPort, "m-4", TimeSpan.FromSeconds(1)), TestContext.Current.CancellationToken);
        var state = await RealHaproxy.StateAsync(sut, "web", "m-4");

        Assert.True(state.HasAgent);
        Assert.Equal(HaproxyCheckFlags.Configured | HaproxyCheckFlags.Enabled | HaproxyCheckFlags.Agent, state.AgentState & ~HaproxyCheckFlags.InProgress);
        Assert.Equal(("127.0.0.1", agentPort), (state.AgentAddress, state.AgentPort));
    }

    [Fact]
    public async Task AddServer_NameTaken_RuntimeErrorAndTheExistingServerUntouched()
    {
        using var listener = RealHaproxy.Listener();
        await using var haproxy = await RealHaproxy.StartAsync(RealHaproxy.Web(listener.Port()));
        var sut = RealHaproxy.Client(haproxy);
        await sut.SetStateAsync("web", "s1", HaproxyAdminState.Maint, TestContext.Current.CancellationToken);

        var ex = await Assert.ThrowsAsync<HaproxyRuntimeException>(() => sut.AddServerAsync(
            "web", "s1", IPAddress.Parse("127.0.0.9"), 9, 1, HaproxyAdminState.Ready, agent: null, TestContext.Current.CancellationToken));

        Assert.Equal("Already exists a server with the same name in backend.", ex.HaproxyMessage);
        var s1 = await RealHaproxy.StateAsync(sut, "web", "s1");
        Assert.Equal(("127.0.0.1", 1), (s1.Address, s1.Port));
        Assert.True(s1.IsMaint, "the ready that follows a successful add must not reach a same-named server");
    }

    [Fact]
    public async Task AddServer_StaticAlgorithm_RuntimeError()
    {
        await using var haproxy = await RealHaproxy.StartAsync(RealHaproxy.Defaults + "backend hashed\n    balance source\n    hash-type map-based\n    server a 127.0.0.1:1\n");
        var sut = RealHaproxy.Client(haproxy);

        var ex = await Assert.ThrowsAsync<HaproxyRuntimeException>(() => sut.AddServerAsync(
            "hashed", "b", IPAddress.Loopback, 2, 1, HaproxyAdminState.Ready, agent: null, TestContext.Current.CancellationToken));

        Assert.Contains("dynamic", ex.HaproxyMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task DeleteServer_AddedAndReady_Gone()
    {
        using var listener = RealHaproxy.Listener();
        await using var haproxy = await RealHaproxy.StartAsync(RealHaproxy.Web(listener.Port()));
        var sut = RealHaproxy.Client(haproxy);
        var ct = TestContext.Current.CancellationToken;
        await sut.AddServerAsync("web", "m-4", IPAddress.Parse("127.0.0.4"), 8084, 1, HaproxyAdminState.Ready, agent: null, ct);

        await sut.DeleteServerAsync("web", "m-4", ct);

        var states = await sut.ShowServersStateAsync("web", ct);
        Assert.Equal(["s1", "s2", "s3"], states.Select(s => s.ServerName));
        var again = await Assert.ThrowsAsync<HaproxyRuntimeException>(() => sut.DeleteServerAsync("web", "m-4", ct));
        Assert.True(again.IsNotFound, again.Message);
    }

    [Fact]
    public async Task DeleteServer_WithAgentCheck_AgentStoppedFirstThenGone()
    {
        using var listener = RealHaproxy.Listener();
        await using var haproxy = await RealHaproxy.StartAsync(RealHaproxy.Web(listener.Port()));
        var sut = RealHaproxy.Client(haproxy);
        var ct = TestContext.Current.CancellationToken;
        await sut.AddServerAsync("web", "m-4", IPAddress.Parse("127.0.0.4"), 8084, 1, HaproxyAdminState.Ready,
            new HaproxyAgentCheck(IPAddress.Loopback, LoopbackTcp.RefusedPort().Port, "m-4", TimeSpan.FromMilliseconds(100)), ct);

        await sut.DeleteServerAsync("web", "m-4", ct);

        Assert.DoesNotContain(await sut.ShowServersStateAsync("web", ct), s => s.ServerName == "m-4");
    }

    [Fact]
    public async Task DeleteServer_OpenClientConnectionThroughIt_SessionsShutAndServerGone()
    {
        using var backend = RealHaproxy.Listener();
        var frontPort = LoopbackTcp.RefusedPort().Port;
        await using var haproxy = await RealHaproxy.StartAsync(RealHaproxy.Defaults
            + $"frontend fe\n    bind 127.0.0.1:{frontPort}\n    default_backend dyn\n\nbackend dyn\n    balance roundrobin\n");
        var sut = RealHaproxy.Client(haproxy);
        var ct = TestContext.Current.CancellationToken;
        await sut.AddServerAsync("dyn", "d1", IPAddress.Loopback, backend.Port(), 1, HaproxyAdminState.Ready, agent: null, ct);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, frontPort, ct);
        await client.GetStream().WriteAsync("hello"u8.ToArray(), ct);
        using var accepted = await backend.AcceptSocketAsync(ct).AsTask().WaitAsync(TimeSpan.FromSeconds(5), ct);
        var buffer = new byte[16];
        Assert.Equal(5, await accepted.ReceiveAsync(buffer, SocketFlags.None, ct));

        await sut.DeleteServerAsync("dyn", "d1", ct);

        Assert.Empty(await sut.ShowServersStateAsync("dyn", ct));
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        closed.CancelAfter(TimeSpan.FromSeconds(5));
        var read = await ReadUntilClosedAsync(accepted, closed.Token);
        Assert.Equal(0, read);
    }

    private static async Task<int> ReadUntilClosedAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64];
        try
        {
            return await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            return 0;
        }
    }
}
