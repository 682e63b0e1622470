using System.Net;
using Vitals.Core.Targets;

namespace Vitals.Core.Tests.Targets;

public sealed class TargetPolicyTests
{
    private static TargetPolicy Policy(string allow = "", string deny = "", params string[] host)
    {
        var errors = new List<string>();
        var sut = new TargetPolicy(TargetNetworks.ParseList([allow], errors), TargetNetworks.ParseList([deny], errors),
            host.Select(IPAddress.Parse));
        Assert.Empty(errors);
        return sut;
    }

    [Theory]
    [InlineData("169.254.169.254", TargetRule.CloudMetadata)]
    [InlineData("100.100.100.200", TargetRule.CloudMetadata)]
    [InlineData("fd00:ec2::254", TargetRule.CloudMetadata)]
    [InlineData("168.63.129.16", TargetRule.CloudMetadata)]
    [InlineData("::ffff:169.254.169.254", TargetRule.CloudMetadata)]
    [InlineData("127.0.0.1", TargetRule.Loopback)]
    [InlineData("127.255.255.254", TargetRule.Loopback)]
    [InlineData("::1", TargetRule.Loopback)]
    [InlineData("::ffff:127.0.0.1", TargetRule.Loopback)]
    [InlineData("0.0.0.0", TargetRule.Unspecified)]
    [InlineData("0.1.2.3", TargetRule.Unspecified)]
    [InlineData("::", TargetRule.Unspecified)]
    [InlineData("169.254.1.1", TargetRule.LinkLocal)]
    [InlineData("fe80::1", TargetRule.LinkLocal)]
    [InlineData("febf::1", TargetRule.LinkLocal)]
    [InlineData("224.0.0.1", TargetRule.Multicast)]
    [InlineData("239.255.255.250", TargetRule.Multicast)]
    [InlineData("ff02::1", TargetRule.Multicast)]
    [InlineData("255.255.255.255", TargetRule.Broadcast)]
    public void Check_BuiltInRule_DeniesAndNamesIt(string address, TargetRule rule)
    {
        var verdict = Policy().Check(IPAddress.Parse(address));

        Assert.False(verdict.IsAllowed);
        Assert.Equal(rule, verdict.Rule);
        Assert.EndsWith("denied by the target policy; see --allow-targets", verdict.Refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.5.4")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("8.8.8.8")]
    [InlineData("fd12:3456::1")]
    [InlineData("2001:db8::1")]
    [InlineData("fec0::1")]
    public void Check_PrivateAndPublic_AllowedByDefault(string address)
    {
        var verdict = Policy().Check(IPAddress.Parse(address));

        Assert.True(verdict.IsAllowed);
        Assert.Equal(TargetRule.None, verdict.Rule);
        Assert.Null(verdict.Refusal);
    }

    [Fact]
    public void Check_MetadataAddress_RefusalNamesAddressAndRule()
    {
        Assert.Equal("169.254.169.254 is a cloud metadata address, denied by the target policy; see --allow-targets",
            Policy().Check(IPAddress.Parse("169.254.169.254")).Refusal);
    }

    [Theory]
    [InlineData("2130706433", "127.0.0.1")]
    [InlineData("0x7f.1", "127.0.0.1")]
    [InlineData("0177.0.0.1", "127.0.0.1")]
    [InlineData("0x7f000001", "127.0.0.1")]
    [InlineData("127.1", "127.0.0.1")]
    [InlineData("0xa9.0xfe.0xa9.0xfe", "169.254.169.254")]
    [InlineData("2852039166", "169.254.169.254")]
    [InlineData("::ffff:a9fe:a9fe", "169.254.169.254")]
    [InlineData("0:0:0:0:0:ffff:7f00:1", "127.0.0.1")]
    [InlineData("0", "0.0.0.0")]
    public void Check_OddSpelling_NormalisedBeforeTheRules(string spelling, string normal)
    {
        var verdict = Policy().Check(spelling);

        Assert.NotNull(verdict);
        Assert.Equal(IPAddress.Parse(normal), verdict.Value.Address);
        Assert.False(verdict.Value.IsAllowed);
        Assert.StartsWith(normal + " is ", verdict.Value.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NotAnAddress_Null() => Assert.Null(Policy().Check("metadata.google.internal"));

    [Fact]
    public void Check_HostOwnAddress_Denied()
    {
        var sut = Policy(host: ["10.1.2.3", "2001:db8::7"]);

        Assert.Equal(TargetRule.HostAddress, sut.Check(IPAddress.Parse("10.1.2.3")).Rule);
        Assert.Equal(TargetRule.HostAddress, sut.Check(IPAddress.Parse("::ffff:10.1.2.3")).Rule);
        Assert.Equal(TargetRule.HostAddress, sut.Check(IPAddress.Parse("2001:db8::7")).Rule);
        Assert.True(sut.Check(IPAddress.Parse("10.1.2.4")).IsAllowed);
    }

    [Fact]
    public void Check_AllowTargets_LiftsBuiltInRules()
    {
        var sut = Policy(allow: "127.0.0.0/8, ::1, 169.254.0.0/16", host: ["127.0.0.1"]);

        Assert.Equal(TargetRule.AllowTargets, sut.Check(IPAddress.Parse("127.0.0.1")).Rule);
        Assert.True(sut.Check(IPAddress.Parse("::1")).IsAllowed);
        Assert.True(sut.Check(IPAddress.Parse("::ffff:127.0.0.2")).IsAllowed);
        Assert.True(sut.Check(IPAddress.Parse("169.254.169.254")).IsAllowed);
        Assert.False(sut.Check(IPAddress.Parse("0.0.0.0")).IsAllowed);
        Assert.False(sut.Check(IPAddress.Parse("fe80::1")).IsAllowed);
    }

    [Fact]
    public void Check_DenyTargets_WinsOverAllowTargets()
    {
        var sut = Policy(allow: "10.0.0.0/8,127.0.0.0/8", deny: "10.9.0.0/16,127.0.0.1");

        var verdict = sut.Check(IPAddress.Parse("10.9.1.1"));

        Assert.Equal(TargetRule.DenyTargets, verdict.Rule);
        Assert.Equal("10.9.1.1 is in 10.9.0.0/16 of --deny-targets, denied by the target policy", verdict.Refusal);
        Assert.Equal(TargetRule.DenyTargets, sut.Check(IPAddress.Parse("127.0.0.1")).Rule);
        Assert.True(sut.Check(IPAddress.Parse("127.0.0.2")).IsAllowed);
        Assert.True(sut.Check(IPAddress.Parse("10.8.0.1")).IsAllowed);
    }

    [Fact]
    public void Check_DenyPrivateRange_OperatorChoice()
    {
        var sut = Policy(deny: "10.0.0.0/8,fd00::/8");

        Assert.False(sut.Check(IPAddress.Parse("10.0.0.1")).IsAllowed);
        Assert.False(sut.Check(IPAddress.Parse("::ffff:10.0.0.1")).IsAllowed);
        Assert.False(sut.Check(IPAddress.Parse("fd12::1")).IsAllowed);
        Assert.True(sut.Check(IPAddress.Parse("192.168.0.1")).IsAllowed);
    }

    [Fact]
    public void Check_ScopedLinkLocal_StillLinkLocal()
    {
        var scoped = IPAddress.Parse("fe80::1%1");

        Assert.Equal(TargetRule.LinkLocal, Policy().Check(scoped).Rule);
        Assert.Equal(TargetRule.AllowTargets, Policy(allow: "fe80::1").Check(scoped).Rule);
    }

    [Fact]
    public void Unrestricted_AllowsEverything()
    {
        Assert.True(TargetPolicy.Unrestricted.Check(IPAddress.Parse("169.254.169.254")).IsAllowed);
        Assert.True(TargetPolicy.Unrestricted.Check(IPAddress.Parse("::1")).IsAllowed);
    }

    [Fact]
    public void AllowAlso_AddsNetworksKeepingDeny()
    {
        var sut = Policy(deny: "127.0.0.2").AllowAlso([IPNetwork.Parse("127.0.0.0/8")]);

        Assert.True(sut.Check(IPAddress.Parse("127.0.0.1")).IsAllowed);
        Assert.False(sut.Check(IPAddress.Parse("127.0.0.2")).IsAllowed);
    }
}
