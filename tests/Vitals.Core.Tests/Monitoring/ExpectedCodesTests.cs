using Vitals.Core.Monitoring;

namespace Vitals.Core.Tests.Monitoring;

public sealed class ExpectedCodesTests
{
    [Theory]
    [InlineData("200", 200, 599, "200")]
    [InlineData(" 200 ", 200, 599, "200")]
    [InlineData("200,202", 200, 599, "200,202")]
    [InlineData("202,200", 200, 599, "200,202")]
    [InlineData("200,  202", 200, 599, "200,202")]
    [InlineData("200-299", 200, 599, "200-299")]
    [InlineData("200-200", 200, 599, "200")]
    [InlineData("301,200-204", 200, 599, "200-204,301")]
    [InlineData("200-599", 200, 599, "200-599")]
    [InlineData("0", 0, 99, "0")]
    [InlineData("0-16", 0, 99, "0-16")]
    [InlineData("99", 0, 99, "99")]
    [InlineData("05", 0, 99, "5")]
    public void TryParse_Valid_NormalisedText(string text, int min, int max, string normalised)
    {
        Assert.True(ExpectedCodes.TryParse(text, min, max, out var codes, out var error), error);
        Assert.Equal(normalised, codes.Text);
        Assert.Equal(normalised, codes.ToString());
    }

    [Theory]
    [InlineData(null, "must not be empty")]
    [InlineData("", "must not be empty")]
    [InlineData("   ", "must not be empty")]
    [InlineData("abc", "'abc' is not a list of codes or ranges such as 200, 200,202 or 200-299")]
    [InlineData("200,", "'200,' is not a list of codes or ranges such as 200, 200,202 or 200-299")]
    [InlineData(",200", "',200' is not a list")]
    [InlineData("200-", "is not a list")]
    [InlineData("-200", "is not a list")]
    [InlineData("200-204-206", "is not a list")]
    [InlineData("200 - 204", "is not a list")]
    [InlineData("+200", "is not a list")]
    [InlineData("2000", "is not a list")]
    [InlineData("200;201", "is not a list")]
    [InlineData("2xx", "is not a list")]
    [InlineData("199", "codes must be from 200 to 599 (got '199')")]
    [InlineData("600", "codes must be from 200 to 599 (got '600')")]
    [InlineData("100-200", "codes must be from 200 to 599 (got '100-200')")]
    [InlineData("500-600", "codes must be from 200 to 599 (got '500-600')")]
    [InlineData("204-200", "range '204-200' must be ascending")]
    public void TryParse_InvalidHttp_SaysWhy(string? text, string messagePart)
    {
        Assert.False(ExpectedCodes.TryParse(text, 200, 599, out var codes, out var error));
        Assert.Null(codes);
        Assert.Contains(messagePart, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("100")]
    [InlineData("0-100")]
    [InlineData("200")]
    public void TryParse_GrpcOutOfRange_Fails(string text)
    {
        Assert.False(ExpectedCodes.TryParse(text, 0, 99, out _, out var error));
        Assert.StartsWith("codes must be from 0 to 99", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_LengthLimit_64CharactersAllowed65Not()
    {
        // Whitespace after a comma is tolerated but counts towards the limit.
        var exactly64 = "200," + new string(' ', 57) + "201";
        var tooLong = "200," + new string(' ', 58) + "201";

        Assert.Equal(64, exactly64.Length);
        Assert.True(ExpectedCodes.TryParse(exactly64, 200, 599, out var codes, out var error), error);
        Assert.Equal("200,201", codes.Text);
        Assert.False(ExpectedCodes.TryParse(tooLong, 200, 599, out _, out var longError));
        Assert.Equal("must be at most 64 characters", longError);
    }

    [Theory]
    [InlineData("200-204,301", 199, false)]
    [InlineData("200-204,301", 200, true)]
    [InlineData("200-204,301", 204, true)]
    [InlineData("200-204,301", 205, false)]
    [InlineData("200-204,301", 300, false)]
    [InlineData("200-204,301", 301, true)]
    [InlineData("200-204,301", 302, false)]
    [InlineData("200", -1, false)]
    public void Contains_Boundaries(string text, int code, bool expected)
    {
        Assert.True(ExpectedCodes.TryParse(text, 200, 599, out var codes, out _));
        Assert.Equal(expected, codes.Contains(code));
    }

    [Fact]
    public void Defaults_Are200AndGrpc0()
    {
        Assert.Equal("200", ExpectedCodes.HttpDefault.Text);
        Assert.True(ExpectedCodes.HttpDefault.Contains(200));
        Assert.False(ExpectedCodes.HttpDefault.Contains(201));
        Assert.Equal("0", ExpectedCodes.GrpcDefault.Text);
        Assert.True(ExpectedCodes.GrpcDefault.Contains(0));
    }

    [Fact]
    public void Equals_SameNormalisedText_EqualWithSameHash()
    {
        Assert.True(ExpectedCodes.TryParse("202, 200", 200, 599, out var a, out _));
        Assert.True(ExpectedCodes.TryParse("200,202", 200, 599, out var b, out _));
        Assert.True(ExpectedCodes.TryParse("200-202", 200, 599, out var c, out _));

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a.Equals((object)b));
        Assert.NotEqual(a, c);
        Assert.False(a.Equals(null));
    }
}
