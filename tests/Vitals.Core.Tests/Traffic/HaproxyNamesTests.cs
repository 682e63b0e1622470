using Vitals.Core.Traffic;

namespace Vitals.Core.Tests.Traffic;

public sealed class HaproxyNamesTests
{
    [Theory]
    [InlineData("edge", "web", "edge_web")]
    [InlineData("edge lb", "web/api", "edge_lb_web_api")]
    [InlineData("a.b:c", "d-e", "a.b:c_d-e")]
    [InlineData("é", "ü", "___")]
    public void Backend_IsLoadBalancerUnderscorePool_AsAnIdentifier(string lb, string pool, string expected)
    {
        Assert.Equal(expected, HaproxyNames.Backend(lb, pool));
        Assert.True(HaproxyNames.IsIdentifier(HaproxyNames.Backend(lb, pool)));
    }

    [Theory]
    [InlineData("be_web", true)]
    [InlineData("be-web.1:x", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("be web", false)]
    [InlineData("be#web", false)]
    [InlineData("bé", false)]
    public void IsIdentifier_HaproxysCharacterSet(string? text, bool expected)
    {
        Assert.Equal(expected, HaproxyNames.IsIdentifier(text));
    }

    [Fact]
    public void Identifier_Empty_IsUnderscore()
    {
        Assert.Equal("_", HaproxyNames.Identifier(""));
    }
}
