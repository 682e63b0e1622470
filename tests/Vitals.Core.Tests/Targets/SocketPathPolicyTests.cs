using Vitals.Core.Targets;

namespace Vitals.Core.Tests.Targets;

public sealed class SocketPathPolicyTests
{
    [Theory]
    [InlineData("/run/haproxy/admin.sock", "/run/haproxy/admin.sock")]
    [InlineData("//run//haproxy/./admin.sock", "/run/haproxy/admin.sock")]
    [InlineData("/run/haproxy/", "/run/haproxy")]
    [InlineData("/", "/")]
    [InlineData("relative/admin.sock", null)]
    [InlineData("./admin.sock", null)]
    [InlineData("/run/haproxy/../docker.sock", null)]
    [InlineData("/run/haproxy/..", null)]
    [InlineData("/run/haproxy/a\0b.sock", null)]
    [InlineData("/run/haproxy/a\nb.sock", null)]
    [InlineData("", null)]
    public void Normalize_AbsolutePathsOnly_NoDotDot(string path, string? expected)
    {
        Assert.Equal(expected, SocketPathPolicy.Normalize(path));
    }

    [Theory]
    [InlineData("/run/haproxy/admin.sock", true)]
    [InlineData("/var/run/haproxy/admin.sock", true)]
    [InlineData("/run/haproxy/sub/dir/admin.sock", true)]
    [InlineData("/run/haproxy//./admin.sock", true)]
    [InlineData("/run/haproxy", false)]
    [InlineData("/run/haproxy-evil/admin.sock", false)]
    [InlineData("/var/run/docker.sock", false)]
    [InlineData("/run/haproxy/../docker.sock", false)]
    [InlineData("/run/haproxy/../../var/run/docker.sock", false)]
    [InlineData("run/haproxy/admin.sock", false)]
    public void Default_AllowsOnlySocketsUnderTheHaproxyDirectories(string path, bool allowed)
    {
        var refusal = SocketPathPolicy.Default.Refusal(path);

        Assert.Equal(allowed, refusal is null);
        if (!allowed)
        {
            Assert.Contains("socket policy", refusal, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Refusal_NamesTheFlagAndTheAllowedDirectories()
    {
        var sut = new SocketPathPolicy(["/srv/lb/", "/opt//haproxy"]);

        var refusal = sut.Refusal("/var/run/docker.sock");

        Assert.Equal("/var/run/docker.sock is not under a directory of --allow-sockets (/srv/lb, /opt/haproxy), denied by the socket policy", refusal);
        Assert.Null(sut.Refusal("/opt/haproxy/a.sock"));
        Assert.NotNull(sut.Refusal("/run/haproxy/admin.sock"));
    }

    [Fact]
    public void Empty_AllowsNoSocket_Root_AllowsEvery()
    {
        Assert.Contains("(none)", new SocketPathPolicy([]).Refusal("/run/haproxy/admin.sock"), StringComparison.Ordinal);
        Assert.Null(new SocketPathPolicy(["/"]).Refusal("/var/run/docker.sock"));
        Assert.NotNull(new SocketPathPolicy(["/"]).Refusal("/"));
    }

    [Fact]
    public void ParseList_SplitsOnCommas_AndNamesEachBadItem()
    {
        var errors = new List<string>();

        var directories = SocketPathPolicy.ParseList(["/a, /b/", "c", "/d/../e"], errors);

        Assert.Equal(["/a", "/b"], directories);
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("'c' is not an absolute directory", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("'/d/../e' is not an absolute directory", errors[1], StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new SocketPathPolicy(["relative"]));
    }
}
