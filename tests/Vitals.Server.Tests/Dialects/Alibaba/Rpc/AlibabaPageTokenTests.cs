using Vitals.Server.Dialects.Alibaba.Ecs;
using Vitals.Server.Dialects.Alibaba.Rpc;

namespace Vitals.Server.Tests.Dialects.Alibaba.Rpc;

public sealed class AlibabaPageTokenTests
{
    [Fact]
    public void Decode_OwnToken_ReturnsPosition()
    {
        var token = AlibabaPageToken.Encode("lsn-a", "sgp-b", 42);

        Assert.True(AlibabaPageToken.TryDecode(token, "lsn-a", out var group, out var after));
        Assert.Equal("sgp-b", group);
        Assert.Equal(42, after);
        Assert.DoesNotContain('=', token);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 at all")]
    [InlineData("AAAA")]
    [InlineData("bHNuLWEKc2dwLWIKNDI")]
    public void Decode_Garbage_IsRefused(string token) => Assert.False(AlibabaPageToken.TryDecode(token, "lsn-a", out _, out _));

    [Fact]
    public void Decode_AnotherScopeOrOneChangedCharacter_IsRefused()
    {
        var token = AlibabaPageToken.Encode("lsn-a", "sgp-b", 42);
        var tampered = (token[0] == 'A' ? "B" : "A") + token[1..];

        Assert.False(AlibabaPageToken.TryDecode(token, "lsn-other", out _, out _));
        Assert.False(AlibabaPageToken.TryDecode(tampered, "lsn-a", out _, out _));
    }

    [Theory]
    [InlineData("web*", "web-01", true)]
    [InlineData("web*", "db-1", false)]
    [InlineData("*-1", "db-1", true)]
    [InlineData("w*b*1", "web-01", true)]
    [InlineData("web", "web-01", false)]
    [InlineData("*", "", true)]
    [InlineData("Web*", "web-01", false)]
    public void NameMatches_Wildcard_MatchesLikeEcs(string pattern, string name, bool expected) =>
        Assert.Equal(expected, DescribeInstancesOperation.NameMatches(pattern, name));
}
