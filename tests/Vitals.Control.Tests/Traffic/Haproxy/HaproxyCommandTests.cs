using System.Net;
using Vitals.Control.Traffic.Haproxy;
using Vitals.Core.Traffic;

namespace Vitals.Control.Tests.Traffic.Haproxy;

/// <summary>Command text from typed helpers only: names checked, numbers bounded, success answers known.</summary>
public sealed class HaproxyCommandTests
{
    [Theory]
    [InlineData("web", true)]
    [InlineData("edge_web-1.a:b", true)]
    [InlineData("", false)]
    [InlineData("web server", false)]
    [InlineData("web;show info", false)]
    [InlineData("web/s1", false)]
    [InlineData("web\nshow info", false)]
    [InlineData("#1", false)]
    [InlineData("wéb", false)]
    public void IsValid_HaproxyIdentifier(string name, bool valid)
    {
        Assert.Equal(valid, HaproxyNames.IsIdentifier(name));
        Assert.Equal(valid, HaproxyNames.Check(name, "backend") is null);
    }

    [Fact]
    public void Factories_WriteHaproxysSyntax()
    {
        Assert.Equal("set server web/s1 health down", HaproxyCommand.SetHealth("web", "s1", HaproxyHealth.Down).Text);
        Assert.Equal("set server web/s1 health up", HaproxyCommand.SetHealth("web", "s1", HaproxyHealth.Up).Text);
        Assert.Equal("set server web/s1 health stopping", HaproxyCommand.SetHealth("web", "s1", HaproxyHealth.Stopping).Text);
        Assert.Equal("set server web/s1 state drain", HaproxyCommand.SetState("web", "s1", HaproxyAdminState.Drain).Text);
        Assert.Equal("set server web/s1 state maint", HaproxyCommand.SetState("web", "s1", HaproxyAdminState.Maint).Text);
        Assert.Equal("set server web/s1 state ready", HaproxyCommand.SetState("web", "s1", HaproxyAdminState.Ready).Text);
        Assert.Equal("set server web/s1 weight 256", HaproxyCommand.SetWeight("web", "s1", 256).Text);
        Assert.Equal("set server web/s1 weight 40%", HaproxyCommand.SetWeightPercent("web", "s1", 40).Text);
        Assert.Equal("set server web/s1 agent up", HaproxyCommand.SetAgent("web", "s1", up: true).Text);
        Assert.Equal("shutdown sessions server web/s1", HaproxyCommand.ShutdownSessions("web", "s1").Text);
        Assert.Equal("show servers state", HaproxyCommand.ShowServersState(null).Text);
        Assert.Equal("show servers state web", HaproxyCommand.ShowServersState("web").Text);
        Assert.Equal("add server web/m-1 [fd00::5]:8080 weight 3",
            HaproxyCommand.AddServer("web", "m-1", IPAddress.Parse("fd00::5"), 8080, 3).Text);
        Assert.Equal("add server web/m-1 10.0.0.5:8080 weight 3 agent-check agent-addr 10.0.0.1 agent-port 5555 agent-inter 2000 agent-send m-1",
            HaproxyCommand.AddServer("web", "m-1", IPAddress.Parse("10.0.0.5"), 8080, 3,
                new HaproxyAgentCheck(IPAddress.Parse("10.0.0.1"), 5555, "m-1", TimeSpan.FromSeconds(2))).Text);
    }

    [Fact]
    public void Success_SilentForSetServer_TextForAddAndDel()
    {
        var set = HaproxyCommand.SetWeight("web", "s1", 1);
        Assert.True(set.IsSuccess(string.Empty));
        Assert.False(set.IsSuccess("No such server."));
        Assert.False(set.IsSuccess("Backend is using a static LB algorithm and only accepts weights '0%' and '100%'."));
        Assert.True(HaproxyCommand.AddServer("web", "s", IPAddress.Loopback, 1, 1).IsSuccess("New server registered."));
        Assert.False(HaproxyCommand.AddServer("web", "s", IPAddress.Loopback, 1, 1).IsSuccess(string.Empty));
        Assert.True(HaproxyCommand.DeleteServer("web", "s").IsSuccess("Server deleted."));
        Assert.False(HaproxyCommand.DeleteServer("web", "s").IsSuccess("Only servers in maintenance mode can be deleted."));
        Assert.True(HaproxyCommand.ShowVersion().IsSuccess("anything"));
    }

    [Fact]
    public void Factories_BadInput_ThrowBeforeAnyText()
    {
        Assert.Throws<ArgumentException>(() => HaproxyCommand.SetHealth("web;shutdown", "s1", HaproxyHealth.Down));
        Assert.Throws<ArgumentException>(() => HaproxyCommand.SetState("web", "s 1", HaproxyAdminState.Drain));
        Assert.Throws<ArgumentException>(() => HaproxyCommand.ShowServersState("a\nb"));
        Assert.Throws<ArgumentOutOfRangeException>(() => HaproxyCommand.SetWeight("web", "s1", 257));
        Assert.Throws<ArgumentOutOfRangeException>(() => HaproxyCommand.SetWeight("web", "s1", -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => HaproxyCommand.SetWeightPercent("web", "s1", 101));
        Assert.Throws<ArgumentOutOfRangeException>(() => HaproxyCommand.SetHealth("web", "s1", (HaproxyHealth)9));
        Assert.Throws<ArgumentOutOfRangeException>(() => HaproxyCommand.AddServer("web", "s1", IPAddress.Loopback, 0, 1));
        Assert.Throws<ArgumentException>(() => HaproxyCommand.AddServer("web", "s1", IPAddress.Loopback, 80, 1,
            new HaproxyAgentCheck(IPAddress.Loopback, 5555, "m-1\\n", TimeSpan.FromSeconds(1))));
        Assert.Throws<ArgumentOutOfRangeException>(() => HaproxyCommand.AddServer("web", "s1", IPAddress.Loopback, 80, 1,
            new HaproxyAgentCheck(IPAddress.Loopback, 0, "m-1", TimeSpan.FromSeconds(1))));
    }

    [Theory]
    [InlineData("show info", null)]
    [InlineData("set var proc.x str(a\\;b)", null)]
    [InlineData("", "empty")]
    [InlineData("show info;show stat", "command separator")]
    [InlineData("show info\nshow stat", "control character")]
    [InlineData("set ssl cert x <<", "payload")]
    public void CheckRaw_OneCommandOnly(string text, string? error)
    {
        var why = HaproxyCommand.CheckRaw(text);

        if (error is null)
        {
            Assert.Null(why);
        }
        else
        {
            Assert.Contains(error, why, StringComparison.Ordinal);
        }
    }
}
