using Vitals.Server.Dialects.Alibaba.Signing;

namespace Vitals.Server.Tests.Dialects.Alibaba.Signing;

public sealed class AlibabaFormDecoderTests
{
    [Fact]
    public void Decode_MixedPairs_DecodesInArrivalOrder()
    {
        var sut = AlibabaFormDecoder.Decode("?b=x+y&a=%40&flag&empty=&InstanceName=web*&n=%C3%A9&&z=1=2");

        Assert.Equal(
        [
            new("b", "x y"), new("a", "@"), new("flag", ""), new("empty", ""), new("InstanceName", "web*"), new("n", "é"), new("z", "1=2"),
        ], sut);
    }

    [Fact]
    public void Decode_PercentTwentyAndPlus_BothMeanSpace()
    {
        var sut = AlibabaFormDecoder.Decode("a=1%202&b=1+2&c=1%2B2");

        Assert.Equal(["1 2", "1 2", "1+2"], sut.Select(p => p.Value));
    }

    [Fact]
    public void Decode_MalformedEscape_KeepsTextLiterally()
    {
        var sut = AlibabaFormDecoder.Decode("a=%zz&b=%4");

        Assert.Equal(["%zz", "%4"], sut.Select(p => p.Value));
    }

    [Fact]
    public void Decode_Empty_ReturnsNoPairs()
    {
        Assert.Empty(AlibabaFormDecoder.Decode(""));
        Assert.Empty(AlibabaFormDecoder.Decode("?"));
    }
}
