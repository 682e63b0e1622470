using System.Net;
using Vitals.Cli.Probe;
using Vitals.Core.Validation;

namespace Vitals.Cli.Tests.Probe;

public sealed class TargetsFileTests
{
    [Fact]
    public void Parse_CommentsBlankLinesAndBothFamilies_ReturnsTargetsInOrder()
    {
        var errors = new FieldErrorList();
        const string text = "# fleet\n\n10.0.0.1:80\r\n  10.0.0.2:8080   # web 2\n[2001:db8::5]:443\n\t\n";

        var sut = TargetsFile.Parse(text, "fleet.txt", errors);

        Assert.False(errors.HasErrors);
        Assert.NotNull(sut);
        Assert.Equal(["10.0.0.1:80", "10.0.0.2:8080", "[2001:db8::5]:443"], sut.Select(static t => t.ToString()));
        Assert.Equal(IPAddress.Parse("2001:db8::5"), sut[2].Address);
    }

    [Fact]
    public void Parse_BadLines_NamesEachLineNumber()
    {
        var errors = new FieldErrorList();
        const string text = "10.0.0.1:80\n# ok\n10.0.0.2\nweb1:80\n10.0.0.1:80\n";

        var sut = TargetsFile.Parse(text, "fleet.txt", errors);

        Assert.Null(sut);
        Assert.Collection(errors.Errors,
            static e => Assert.Equal("targets_file: fleet.txt line 3: the port is missing (got '10.0.0.2'; expected "
                + TargetAddress.Expected + ")", e.ToString()),
            static e => Assert.StartsWith("targets_file: fleet.txt line 4: 'web1' is not an IP address", e.ToString(), StringComparison.Ordinal),
            static e => Assert.Equal("targets_file: fleet.txt line 5: 10.0.0.1:80 is already on line 1", e.ToString()));
    }

    [Fact]
    public void Parse_OnlyComments_SaysThereAreNoTargets()
    {
        var errors = new FieldErrorList();

        var sut = TargetsFile.Parse("# nothing\n\n", "empty.txt", errors);

        Assert.Null(sut);
        Assert.Equal("targets_file: empty.txt has no targets", Assert.Single(errors.Errors).ToString());
    }

    [Fact]
    public void Parse_HundredThousandTargets_ReadsThemAll()
    {
        var errors = new FieldErrorList();
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < 100_000; i++)
        {
            builder.Append("10.").Append(i >> 16).Append('.').Append((i >> 8) & 255).Append('.').Append(i & 255).Append(":80\n");
        }

        var sut = TargetsFile.Parse(builder.ToString(), "big.txt", errors);

        Assert.False(errors.HasErrors);
        Assert.Equal(100_000, sut!.Count);
        Assert.Equal("10.1.134.159:80", sut[99_999].ToString());
    }

    [Theory]
    [InlineData("10.1:80")]
    [InlineData("3232235777:80")]
    [InlineData("0x7f.0.0.1:80")]
    public void Parse_ShortOrOddIpv4Forms_AreRejected(string line)
    {
        var errors = new FieldErrorList();

        var sut = TargetsFile.Parse(line, "odd.txt", errors);

        Assert.Null(sut);
        Assert.Contains("is not an IP address", Assert.Single(errors.Errors).Message, StringComparison.Ordinal);
    }
}
