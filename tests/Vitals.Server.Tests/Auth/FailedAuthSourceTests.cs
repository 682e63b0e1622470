using System.Net;
using Microsoft.AspNetCore.Http;
using Vitals.Server.Auth;

namespace Vitals.Server.Tests.Auth;

public sealed class FailedAuthSourceTests
{
    [Theory]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("::1", "::1")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::")]
    public void SourceOf_GroupsIpv6By64_AndMappedIpv4AsIpv4(string peer, string expected)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(peer);

        var sut = FailedAuthLimiter.SourceOf(context);

        Assert.Equal(IPAddress.Parse(expected), sut);
    }

    [Fact]
    public void SourceOf_NoPeerAddress_IsOneSharedKey()
    {
        Assert.Equal(IPAddress.None, FailedAuthLimiter.SourceOf(new DefaultHttpContext()));
    }
}
