using System.Net;
using Vitals.Core.Traffic;

namespace Vitals.Core.Tests.Traffic;

public sealed class HaproxyRuntimeApiTests
{
    [Theory]
    [InlineData("/run/haproxy/admin.sock", "/run/haproxy/admin.sock")]
    [InlineData("unix:/run/haproxy/admin.sock", "/run/haproxy/admin.sock")]
    [InlineData("unix://run//haproxy/./admin.sock", "/run/haproxy/admin.sock")]
    public void TryParse_UnixSocket_Normalised(string text, string path)
    {
        var sut = HaproxyRuntimeApi.TryParse(text);

        Assert.NotNull(sut);
        Assert.Equal(path, sut.SocketPath);
        Assert.Null(sut.Endpoint);
        Assert.Equal("unix:" + path, sut.ToString());
    }

    [Theory]
    [InlineData("127.0.0.1:9999", "127.0.0.1", 9999)]
    [InlineData("10.0.0.7:1", "10.0.0.7", 1)]
    [InlineData("[::1]:9999", "::1", 9999)]
    [InlineData("[2001:db8::7]:65535", "2001:db8::7", 65535)]
    public void TryParse_TcpAddress(string text, string address, int port)
    {
        var sut = HaproxyRuntimeApi.TryParse(text);

        Assert.NotNull(sut);
        Assert.Null(sut.SocketPath);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), sut.Endpoint);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("admin.sock")]
    [InlineData("unix:admin.sock")]
    [InlineData("unix:")]
    [InlineData("/run/haproxy/../x.sock")]
    [InlineData("10.0.0.7")]
    [InlineData("10.0.0.7:0")]
    [InlineData("10.0.0.7:65536")]
    [InlineData("10.0.0.7:+80")]
    [InlineData("10.0.0.7: 80")]
    [InlineData("::1:9999")]
    [InlineData("[10.0.0.7]:9999")]
    [InlineData("[fe80::1%eth0]:9999")]
    [InlineData("haproxy.example:9999")]
    [InlineData("2130706433:9999")]
    [InlineData("0x7f.1:9999")]
    [InlineData("tcp://10.0.0.7:9999")]
    public void TryParse_Anything_Else_IsNull(string? text)
    {
        Assert.Null(HaproxyRuntimeApi.TryParse(text));
    }

    [Fact]
    public void TryParse_SocketPathLongerThanSunPath_IsNull()
    {
        var fits = "/run/haproxy/" + new string('a', HaproxyRuntimeApi.MaxSocketPathBytes - 13);
        var tooLong = fits + "a";

        Assert.NotNull(HaproxyRuntimeApi.TryParse(fits));
        Assert.Null(HaproxyRuntimeApi.TryParse(tooLong));
    }
}
