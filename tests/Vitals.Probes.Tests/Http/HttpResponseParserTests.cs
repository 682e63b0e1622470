using System.Text;
using Vitals.Probes.Http;

namespace Vitals.Probes.Tests.Http;

public sealed class HttpResponseParserTests
{
    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n", 200, "OK")]
    [InlineData("HTTP/1.0 404\r\n\r\n", 404, "")]
    [InlineData("HTTP/1.1 503 Service Unavailable\nRetry-After: 5\n\n", 503, "Service Unavailable")]
    [InlineData("HTTP/1.1 200 OK\r\nX-A: 1\r\n  folded\r\n\r\n", 200, "OK")]
    public void TryParse_ValidHead_Completes(string text, int status, string reason)
    {
        var data = Encoding.Latin1.GetBytes(text + "body");

        var result = HttpResponseParser.TryParse(data, out var head);

        Assert.Equal(HttpParseStatus.Complete, result);
        Assert.Equal(status, head.StatusCode);
        Assert.Equal(reason, Encoding.Latin1.GetString(data, head.ReasonStart, head.ReasonLength));
        Assert.Equal(text.Length, head.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("HT")]
    [InlineData("HTTP/1.1 200 OK")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Le")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n")]
    public void TryParse_Incomplete_NeedsMore(string text)
        => Assert.Equal(HttpParseStatus.NeedMore, HttpResponseParser.TryParse(Encoding.Latin1.GetBytes(text), out _));

    [Theory]
    [InlineData("<html>")]
    [InlineData("HTTPS")]
    [InlineData("HTTP/x.1 200 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 20 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 099 Weird\r\n\r\n")]
    [InlineData("HTTP/1.1 200OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\n: empty name\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")]
    public void TryParse_Malformed_IsInvalid(string text)
        => Assert.Equal(HttpParseStatus.Invalid, HttpResponseParser.TryParse(Encoding.Latin1.GetBytes(text), out _));

    [Fact]
    public void TryParse_ContentLengthAndChunked_Recorded()
    {
        HttpResponseParser.TryParse("HTTP/1.1 200 OK\r\ncontent-length: 42\r\n\r\n"u8, out var sized);
        HttpResponseParser.TryParse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 42\r\n\r\n"u8, out var chunked);

        Assert.Equal(42, sized.ContentLength);
        Assert.False(sized.Chunked);
        Assert.True(chunked.Chunked);
        Assert.Equal(-1, chunked.ContentLength);
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(103, true)]
    [InlineData(101, false)]
    [InlineData(200, false)]
    public void IsInterim_ByStatus(int status, bool interim)
        => Assert.Equal(interim, new HttpResponseHead(status, 0, 0, 0, -1, false).IsInterim);
}
