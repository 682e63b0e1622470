using System.Net;
using Vitals.Core.Targets;

namespace Vitals.Core.Tests.Targets;

public sealed class TargetNetworksTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData(" 127.0.0.0/8 ", "127.0.0.0/8")]
    [InlineData("::1", "::1/128")]
    [InlineData("192.168.1.7", "192.168.1.7/32")]
    [InlineData("fd00::/8", "fd00::/8")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    [InlineData("::ffff:10.0.0.0/104", "10.0.0.0/8")]
    public void Parse_Valid_GivesTheNetwork(string text, string expected)
    {
        var network = TargetNetworks.Parse(text, out var error);

        Assert.Null(error);
        Assert.Equal(IPNetwork.Parse(expected), network);
    }

    [Theory]
    [InlineData("", "is not a network")]
    [InlineData("example.com", "is not a network")]
    [InlineData("10.0.0.0/33", "bad prefix length: 0 to 32")]
    [InlineData("fd00::/129", "bad prefix length: 0 to 128")]
    [InlineData("10.0.0.0/-1", "bad prefix length")]
    [InlineData("10.0.0.0/", "bad prefix length")]
    [InlineData("10.0.0.1/8", "did you mean 10.0.0.0/8?")]
    [InlineData("fe80::1%2/64", "is not a network")]
    public void Parse_Invalid_SaysWhy(string text, string why)
    {
        Assert.Null(TargetNetworks.Parse(text, out var error));
        Assert.Contains(why, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseList_CommaSeparatedAcrossItems_CollectsNetworksAndEveryError()
    {
        var errors = new List<string>();

        var networks = TargetNetworks.ParseList(["10.0.0.0/8, ::1,,bad", "192.168.0.0/16", "10.0.0.1/8"], errors);

        Assert.Equal([IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("192.168.0.0/16")], networks);
        Assert.Equal(2, errors.Count);
    }
}
