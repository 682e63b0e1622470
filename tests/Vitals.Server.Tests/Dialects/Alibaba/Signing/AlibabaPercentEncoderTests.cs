using Vitals.Server.Dialects.Alibaba.Signing;

namespace Vitals.Server.Tests.Dialects.Alibaba.Signing;

public sealed class AlibabaPercentEncoderTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("abcXYZ019", "abcXYZ019")]
    [InlineData("-_.~", "-_.~")]
    [InlineData("a b", "a%20b")]
    [InlineData("*", "%2A")]
    [InlineData("!'()", "%21%27%28%29")]
    [InlineData("+", "%2B")]
    [InlineData("@:/?#[]", "%40%3A%2F%3F%23%5B%5D")]
    [InlineData("=&", "%3D%26")]
    [InlineData("%40", "%2540")]
    [InlineData("é", "%C3%A9")]
    [InlineData("日本", "%E6%97%A5%E6%9C%AC")]
    [InlineData("😀", "%F0%9F%98%80")]
    [InlineData("lsn-example@80", "lsn-example%4080")]
    [InlineData("2025-01-01T00:00:00Z", "2025-01-01T00%3A00%3A00Z")]
    public void Encode_Value_MatchesRfc3986Strict(string value, string expected)
    {
        Assert.Equal(expected, AlibabaPercentEncoder.Encode(value));
    }

    [Fact]
    public void Encode_EveryAsciiCharacter_KeepsOnlyUnreservedAndUsesUpperCaseHex()
    {
        for (var c = (char)0; c < 128; c++)
        {
            var unreserved = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~';
            var expected = unreserved ? c.ToString() : "%" + ((int)c).ToString("X2");

            Assert.Equal(expected, AlibabaPercentEncoder.Encode(c.ToString()));
        }
    }

    [Fact]
    public void Encode_AgreesWithTheNodeStyleSecondImplementation()
    {
        var samples = new[] { "web*", "a b*c", "(x)!'", "~tilde", "ünïcödé/path?q=1&r=2", "\t\n", "100%" };

        foreach (var sample in samples)
        {
            Assert.Equal(AlibabaTestSigner.Encode(sample), AlibabaPercentEncoder.Encode(sample));
        }
    }
}
