using System.Net;
using Vitals.Control.Traffic.Haproxy;

namespace Vitals.Control.Tests.Traffic.Haproxy;

/// <summary>Runtime API addresses as a binding stores them: unix socket paths and host:port, with clear errors.</summary>
public sealed class HaproxyEndpointTests
{
    [Theory]
    [InlineData("/run/haproxy/admin.sock", "/run/haproxy/admin.sock")]
    [InlineData("unix:/run/haproxy/admin.sock", "/run/haproxy/admin.sock")]
    [InlineData("/tmp/a b/../x.sock", null)]
    public void TryParse_UnixPath_IsUnix(string text, string? path)
    {
        var ok = HaproxyEndpoint.TryParse(text, out var sut, out var error);

        if (path is null)
        {
            Assert.False(ok);
            Assert.Contains("spaces or control characters", error, StringComparison.Ordinal);
            return;
        }

        Assert.True(ok, error);
        Assert.Equal(HaproxyEndpointKind.Unix, sut!.Kind);
        Assert.Equal(path, sut.Path);
        Assert.Equal(path, sut.ToString());
        Assert.Equal(0, sut.Port);
    }

    [Theory]
    [InlineData("127.0.0.1:9999", "127.0.0.1", 9999, "127.0.0.1:9999")]
    [InlineData("10.0.0.5:1", "10.0.0.5", 1, "10.0.0.5:1")]
    [InlineData("[::1]:9999", "::1", 9999, "[::1]:9999")]
    [InlineData("[fd00:0::5]:65535", "fd00::5", 65535, "[fd00::5]:65535")]
    [InlineData("HAProxy-1.Internal:9999", "haproxy-1.internal", 9999, "haproxy-1.internal:9999")]
    [InlineData("localhost:80", "localhost", 80, "localhost:80")]
    public void TryParse_HostPort_IsTcp(string text, string host, int port, string canonical)
    {
        var ok = HaproxyEndpoint.TryParse(text, out var sut, out var error);

        Assert.True(ok, error);
        Assert.Equal(HaproxyEndpointKind.Tcp, sut!.Kind);
        Assert.Equal(host, sut.Host);
        Assert.Equal(port, sut.Port);
        Assert.Equal(canonical, sut.ToString());
        Assert.Null(sut.Path);
        Assert.Equal(IPAddress.TryParse(host, out var literal) ? literal : null, sut.Address);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("unix:", "not absolute")]
    [InlineData("unix:run/haproxy.sock", "not absolute")]
    [InlineData("run/haproxy.sock", "neither an absolute unix socket path nor host:port")]
    [InlineData("/run/haproxy/", "names a directory")]
    [InlineData("/run/haproxy\n.sock", "control characters")]
    [InlineData("127.0.0.1", "neither an absolute unix socket path nor host:port")]
    [InlineData("127.0.0.1:", "not a port between 1 and 65535")]
    [InlineData("127.0.0.1:0", "not a port between 1 and 65535")]
    [InlineData("127.0.0.1:65536", "not a port between 1 and 65535")]
    [InlineData("127.0.0.1:+80", "not a port between 1 and 65535")]
    [InlineData("127.0.0.1:http", "not a port between 1 and 65535")]
    [InlineData("::1:9999", "an IPv6 address needs brackets")]
    [InlineData("[::1]", "is not [ipv6]:port")]
    [InlineData("[::1]9999", "is not [ipv6]:port")]
    [InlineData("[127.0.0.1]:9999", "in brackets is not an IPv6 address")]
    [InlineData("[nothing]:9999", "in brackets is not an IPv6 address")]
    [InlineData("2130706433:9999", "neither an IP address nor a host name")]
    [InlineData("10.1.2:9999", "neither an IP address nor a host name")]
    [InlineData("-bad.example:9999", "neither an IP address nor a host name")]
    [InlineData("under_score.example:9999", "neither an IP address nor a host name")]
    [InlineData("a..b:9999", "neither an IP address nor a host name")]
    [InlineData(":9999", "neither an IP address nor a host name")]
    public void TryParse_Bad_FailsWithAClearError(string? text, string expected)
    {
        var ok = HaproxyEndpoint.TryParse(text, out var sut, out var error);

        Assert.False(ok);
        Assert.Null(sut);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_UnixPathLongerThanSunPath_Fails()
    {
        var ok = HaproxyEndpoint.TryParse("/" + new string('a', 107), out _, out var error);

        Assert.False(ok);
        Assert.Contains("longer than 107 bytes", error, StringComparison.Ordinal);
        Assert.True(HaproxyEndpoint.TryParse("/" + new string('a', 106), out _, out _));
    }

    [Fact]
    public void Equals_SameCanonicalText_Equal()
    {
        Assert.True(HaproxyEndpoint.TryParse("unix:/run/h.sock", out var a, out _));
        Assert.True(HaproxyEndpoint.TryParse("/run/h.sock", out var b, out _));

        Assert.Equal(a, b);
        Assert.Equal(HaproxyEndpoint.Tcp(IPAddress.IPv6Loopback, 9), HaproxyEndpoint.TryParse("[::1]:9", out var c, out _) ? c : null);
        Assert.Throws<ArgumentException>(() => HaproxyEndpoint.Unix("127.0.0.1:9"));
    }
}
