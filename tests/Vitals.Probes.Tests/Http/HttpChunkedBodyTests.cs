using System.Text;
using Vitals.Probes.Http;

namespace Vitals.Probes.Tests.Http;

public sealed class HttpChunkedBodyTests
{
    [Theory]
    [InlineData("5\r\nhello\r\n0\r\n\r\n", "hello")]
    [InlineData("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", "hello world")]
    [InlineData("A\r\n0123456789\r\n0\r\n\r\n", "0123456789")]
    [InlineData("a;name=value\r\n0123456789\r\n0\r\n\r\n", "0123456789")]
    [InlineData("5 \r\nhello\r\n0\r\n\r\n", "hello")]
    [InlineData("5\nhello\n0\n\n", "hello")]
    [InlineData("0\r\n\r\n", "")]
    [InlineData("0\r\nX-Trailer: 1\r\n\r\n", "")]
    [InlineData("0000005\r\nhello\r\n0\r\n\r\n", "hello")]
    public void TryDecode_WellFormed_GivesTheData(string raw, string expected)
    {
        var (ok, text) = Decode(raw);

        Assert.True(ok);
        Assert.Equal(expected, text);
    }

    [Theory]
    [InlineData("5\r\nhel", "hel")]
    [InlineData("5\r\nhello", "hello")]
    [InlineData("5\r\nhello\r", "hello")]
    [InlineData("5\r\nhello\r\n", "hello")]
    [InlineData("5\r\nhello\r\n6", "hello")]
    [InlineData("5\r\nhello\r\n6\r\n wo", "hello wo")]
    [InlineData("", "")]
    public void TryDecode_CutShort_DecodesAsFarAsItGoes(string raw, string expected)
    {
        var (ok, text) = Decode(raw);

        Assert.True(ok);
        Assert.Equal(expected, text);
    }

    [Theory]
    [InlineData("hello world")]
    [InlineData("<html>chunked said the header</html>")]
    [InlineData("5\r\nhelloX\r\n0\r\n\r\n")]
    [InlineData("5x\r\nhello\r\n0\r\n\r\n")]
    [InlineData("123456789\r\nhello")]
    [InlineData("FFFFFFFF\r\nhello")]
    [InlineData("5\r\x01\nhello\r\n")]
    [InlineData("\r\nhello")]
    public void TryDecode_NotChunkedFraming_KeepsTheRawBytes(string raw)
    {
        var bytes = Encoding.Latin1.GetBytes(raw);
        var copy = bytes.ToArray();

        var ok = HttpChunkedBody.TryDecode(bytes, out var length);

        Assert.False(ok);
        Assert.Equal(0, length);
        Assert.Equal(copy, bytes);
    }

    [Fact]
    public void TryDecode_LongSizeLineWithoutEnd_IsMalformedNotWaitedFor()
    {
        var raw = "5;" + new string('x', 400);

        Assert.False(Decode(raw).Ok);
    }

    [Theory]
    [InlineData("5\r\nhello\r\n0\r\n\r\n", true)]
    [InlineData("5\r\nhello\r\n0\r\n", true)]
    [InlineData("5\r\nhello\r\n", false)]
    [InlineData("5\r\nhel", false)]
    [InlineData("garbage", false)]
    public void IsComplete_TrueOnceTheLastChunkArrived(string raw, bool expected) =>
        Assert.Equal(expected, HttpChunkedBody.IsComplete(Encoding.Latin1.GetBytes(raw)));

    private static (bool Ok, string Text) Decode(string raw)
    {
        var bytes = Encoding.Latin1.GetBytes(raw);
        var ok = HttpChunkedBody.TryDecode(bytes, out var length);
        return (ok, Encoding.Latin1.GetString(bytes, 0, length));
    }
}
