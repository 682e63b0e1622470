using System.Net;
using System.Net.Sockets;
using System.Text;
using Vitals.Control.Targets;
using Vitals.Control.Traffic.Haproxy;
using Vitals.Core.Targets;
using Vitals.Testing;

namespace Vitals.Control.Tests.Traffic.Haproxy;

/// <summary>Reaching the runtime API: TCP through the target policy, and every way the connection can fail.</summary>
public sealed class HaproxyConnectionTests
{
    private static readonly Func<IPAddress, string?> DefaultPolicy = address => TargetPolicy.Default.Check(address).Refusal;

    [Fact]
    public async Task Tcp_AllowedByPolicy_TalksToTheRealHaproxy()
    {
        using var listener = RealHaproxy.Listener();
        await using var haproxy = await RealHaproxy.StartAsync(RealHaproxy.Web(listener.Port()), tcpAdmin: true);
        var allowLoopback = new TargetGuard(new TargetPolicy([IPNetwork.Parse("127.0.0.0/8")], [], []));
        var sut = new HaproxyRuntimeClient(HaproxyEndpoint.Tcp(haproxy.TcpAdmin!.Address, haproxy.TcpAdmin.Port), allowLoopback);

        await sut.SetStateAsync("web", "s1", HaproxyAdminState.Drain, TestContext.Current.CancellationToken);

        Assert.True((await RealHaproxy.StateAsync(RealHaproxy.Client(haproxy), "web", "s1")).IsDrain);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task Tcp_RefusedByPolicy_RefusedWithoutConnecting(string host)
    {
        using var listener = RealHaproxy.Listener();
        Assert.True(HaproxyEndpoint.TryParse($"{host}:{listener.Port()}", out var endpoint, out _));
        var sut = host == "localhost"
            ? new HaproxyRuntimeClient(endpoint, new TargetGuard(TargetPolicy.Default))
            : new HaproxyRuntimeClient(endpoint, refuse: DefaultPolicy);

        var ex = await Assert.ThrowsAsync<TargetRefusedException>(() => sut.ShowVersionAsync(TestContext.Current.CancellationToken));

        Assert.Contains("is a loopback address, denied by the target policy", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"HAProxy runtime API at {endpoint}", ex.Message, StringComparison.Ordinal);
        Assert.False(listener.Pending(), "the client must not open the connection");
    }

    [Fact]
    public async Task Tcp_NothingListening_ConnectionError()
    {
        var port = LoopbackTcp.RefusedPort();
        var sut = new HaproxyRuntimeClient(HaproxyEndpoint.Tcp(port.Address, port.Port));

        var ex = await Assert.ThrowsAsync<HaproxyConnectionException>(() => sut.ShowVersionAsync(TestContext.Current.CancellationToken));

        Assert.Contains("connection refused", ex.Message, StringComparison.Ordinal);
        Assert.Equal($"127.0.0.1:{port.Port}", ex.Endpoint);
    }

    [Fact]
    public async Task Unix_NoSocketFile_ConnectionError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vitals-missing-{Guid.NewGuid():N}.sock");
        var sut = new HaproxyRuntimeClient(HaproxyEndpoint.Unix(path));

        var ex = await Assert.ThrowsAsync<HaproxyConnectionException>(() => sut.ShowVersionAsync(TestContext.Current.CancellationToken));

        Assert.Contains($"HAProxy runtime API at {path}: no socket at this path", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unix_HaproxyStopped_ConnectionError()
    {
        using var listener = RealHaproxy.Listener();
        var haproxy = await RealHaproxy.StartAsync(RealHaproxy.Web(listener.Port()));
        var path = haproxy.SocketPath;
        var sut = new HaproxyRuntimeClient(HaproxyEndpoint.Unix(path));
        Assert.True((await sut.ShowVersionAsync(TestContext.Current.CancellationToken)).SupportsDynamicServers);

        await haproxy.DisposeAsync();
        var ex = await Assert.ThrowsAsync<HaproxyConnectionException>(() => sut.ShowVersionAsync(TestContext.Current.CancellationToken));

        Assert.Contains("no socket at this path", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unix_HaproxyKilled_StaleSocketFileRefused_ThenBackAfterRestart()
    {
        using var listener = RealHaproxy.Listener();
        await using var haproxy = await RealHaproxy.StartAsync(RealHaproxy.Web(listener.Port()));
        var sut = RealHaproxy.Client(haproxy);
        var ct = TestContext.Current.CancellationToken;

        await haproxy.StopAsync();
        var ex = await Assert.ThrowsAsync<HaproxyConnectionException>(() => sut.ShowVersionAsync(ct));
        await haproxy.RestartAsync(ct);
        var version = await sut.ShowVersionAsync(ct);

        Assert.True(File.Exists(haproxy.SocketPath));
        Assert.Contains("nothing accepts on this socket (HAProxy is not running?)", ex.Message, StringComparison.Ordinal);
        Assert.True(version.SupportsDynamicServers);
    }

    [Fact]
    public async Task Exchange_PeerNeverAnswers_TimesOutAsAConnectionError()
    {
        using var directory = new TempDirectory();
        using var silent = UnixListener(directory, "silent.sock");
        var sut = new HaproxyRuntimeClient(HaproxyEndpoint.Unix(Path.Combine(directory.Path, "silent.sock")))
        {
            ExchangeTimeout = TimeSpan.FromMilliseconds(300),
        };

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var ex = await Assert.ThrowsAsync<HaproxyConnectionException>(() => sut.ShowVersionAsync(TestContext.Current.CancellationToken));

        Assert.Contains("no complete answer within 0.3 s", ex.Message, StringComparison.Ordinal);
        Assert.InRange(System.Diagnostics.Stopwatch.GetElapsedTime(started), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Exchange_CallerCancels_CancellationNotAConnectionError()
    {
        using var directory = new TempDirectory();
        using var silent = UnixListener(directory, "silent.sock");
        var sut = new HaproxyRuntimeClient(HaproxyEndpoint.Unix(Path.Combine(directory.Path, "silent.sock")));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.ShowVersionAsync(cancel.Token));
    }

    [Theory]
    [InlineData("HTTP/1.1 400 Bad Request\r\n\r\n", "not a runtime API conversation")]
    [InlineData("\n> 2.6.12\n\n> ", "HAProxy closed the connection after 1 of 3 answers")]
    public async Task Exchange_PeerAnswersBadlyAndCloses_ConnectionError(string reply, string expected)
    {
        using var directory = new TempDirectory();
        using var peer = UnixListener(directory, "peer.sock");
        var serve = Task.Run(async () =>
        {
            using var accepted = await peer.AcceptAsync(TestContext.Current.CancellationToken);
            var request = new StringBuilder();
            var buffer = new byte[4096];
            for (var reads = 0; reads < 100 && !request.ToString().EndsWith("quit\n", StringComparison.Ordinal); reads++)
            {
                var read = await accepted.ReceiveAsync(buffer, SocketFlags.None, TestContext.Current.CancellationToken);
                request.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            Assert.Equal("prompt\nshow version\nshow info\nshow stat\nquit\n", request.ToString());
            await accepted.SendAsync(Encoding.ASCII.GetBytes(reply), SocketFlags.None, TestContext.Current.CancellationToken);
            accepted.Shutdown(SocketShutdown.Both);
        }, TestContext.Current.CancellationToken);
        var sut = new HaproxyRuntimeClient(HaproxyEndpoint.Unix(Path.Combine(directory.Path, "peer.sock")));

        var ex = await Assert.ThrowsAsync<HaproxyConnectionException>(
            () => sut.ExecuteBatchAsync(["show version", "show info", "show stat"], TestContext.Current.CancellationToken));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        await serve;
    }

    private static Socket UnixListener(TempDirectory directory, string name)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(directory.Path, name)));
        socket.Listen(8);
        return socket;
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("vitals-haproxy-client-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
