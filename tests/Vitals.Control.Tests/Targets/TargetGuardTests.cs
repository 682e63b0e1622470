using System.Net;
using System.Net.Sockets;
using Vitals.Control.Targets;
using Vitals.Core.Targets;

namespace Vitals.Control.Tests.Targets;

/// <summary>The connect-time guard over a real listener on 127.0.0.1: a denied address gets no connection at all.</summary>
public sealed class TargetGuardTests : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public TargetGuardTests() => _listener.Start();

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Dispose() => _listener.Dispose();

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("2130706433")]
    public async Task Get_LoopbackUnderDefaultPolicy_RefusedBeforeConnecting(string host)
    {
        using var client = new HttpClient(new TargetGuard(TargetPolicy.Default).CreateHandler(TimeSpan.FromSeconds(5)));

        var ex = await Assert.ThrowsAsync<HttpRequestException>(
            () => client.GetAsync(new Uri($"http://{host}:{Port}/metrics"), TestContext.Current.CancellationToken));

        var refused = Assert.IsType<TargetRefusedException>(ex.InnerException);
        Assert.Equal(TargetRule.Loopback, refused.Verdict?.Rule);
        Assert.Contains("is a loopback address, denied by the target policy; see --allow-targets", refused.Message, StringComparison.Ordinal);
        Assert.False(_listener.Pending(), "the guard must not open the connection");
    }

    [Fact]
    public async Task Get_HostNameResolvingToAllowedLoopback_Connects()
    {
        var guard = new TargetGuard(new TargetPolicy([IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")], [], []));
        using var client = new HttpClient(guard.CreateHandler(TimeSpan.FromSeconds(5)));
        var serve = Task.Run(async () =>
        {
            using var socket = await _listener.AcceptSocketAsync(TestContext.Current.CancellationToken);
            var buffer = new byte[4096];
            _ = await socket.ReceiveAsync(buffer, TestContext.Current.CancellationToken);
            await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8.ToArray(),
                TestContext.Current.CancellationToken);
        }, TestContext.Current.CancellationToken);

        var body = await client.GetStringAsync(new Uri($"http://localhost:{Port}/metrics"), TestContext.Current.CancellationToken);

        Assert.Equal("ok", body);
        await serve;
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address")]
    [InlineData("http://[::ffff:169.254.169.254]/", "169.254.169.254 is a cloud metadata address")]
    [InlineData("http://[fd00:ec2::254]/", "fd00:ec2::254 is a cloud metadata address")]
    [InlineData("http://0x7f.1:9100/metrics", "127.0.0.1 is a loopback address")]
    public void CheckUrl_AddressLiteral_RefusedOnWrite(string url, string refusal)
    {
        Assert.StartsWith(refusal, new TargetGuard(TargetPolicy.Default).CheckUrl(new Uri(url)), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckUrl_HostName_LeftToConnectTime() =>
        Assert.Null(new TargetGuard(TargetPolicy.Default).CheckUrl(new Uri("http://metadata.google.internal/")));
}
