using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Vitals.Server.Dialects.Alibaba.Signing;

namespace Vitals.Server.Tests.Dialects.Alibaba.Signing;

public sealed class AlibabaRequestTests
{
    [Fact]
    public void Create_FormBody_MergesWithQueryAndBodyWins()
    {
        var sut = AlibabaRequest.Create("post", "/?A=query&B=query", [new("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")],
            Encoding.UTF8.GetBytes("B=body&C=x+y"));

        Assert.Equal("POST", sut.Method);
        Assert.Equal("/", sut.Path);
        Assert.Equal([new("A", "query"), new("B", "query")], sut.QueryParameters);
        Assert.Equal([new("B", "body"), new("C", "x y")], sut.BodyParameters);
        Assert.Equal("query", sut.Parameter("A"));
        Assert.Equal("body", sut.Parameter("B"));
        Assert.Equal("x y", sut.Parameter("C"));
    }

    [Fact]
    public void Create_JsonBody_IsNotReadAsParameters()
    {
        var sut = AlibabaRequest.Create("POST", "/?A=1", [new("content-type", "application/json")], Encoding.UTF8.GetBytes("B=2"));

        Assert.Empty(sut.BodyParameters);
        Assert.Null(sut.Parameter("B"));
    }

    [Fact]
    public void Create_Headers_AreCaseInsensitiveAndKeepEveryValue()
    {
        var sut = AlibabaRequest.Create("GET", "", [new("X-Acs-Action", "DescribeInstances"), new("x-acs-extra", "b"), new("X-ACS-EXTRA", "a")],
            ReadOnlyMemory<byte>.Empty);

        Assert.Equal("/", sut.Path);
        Assert.Equal("DescribeInstances", sut.Action);
        Assert.Equal(["b", "a"], sut.HeaderValues("x-acs-extra"));
        Assert.Empty(sut.HeaderValues("x-acs-missing"));
    }

    [Theory]
    [InlineData("ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=00", true)]
    [InlineData("Bearer abc", false)]
    [InlineData(null, false)]
    public void IsAcs3_AuthorizationHeader_SelectsHeaderScheme(string? authorization, bool expected)
    {
        var headers = authorization is null ? new List<KeyValuePair<string, string>>() : [new("Authorization", authorization)];

        var sut = AlibabaRequest.Create("POST", "/?Action=X&Version=2014-05-26", headers, ReadOnlyMemory<byte>.Empty);

        Assert.Equal(expected, sut.IsAcs3);
        Assert.Equal("X", sut.Action);
        Assert.Equal("2014-05-26", sut.Version);
    }

    [Fact]
    public async Task ReadAsync_HttpRequest_UsesRawTargetHeadersAndBody()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/";
        context.Request.QueryString = new QueryString("?wrong=1");
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = "/?Name=web*&Other=a%20b";
        context.Request.Headers["Host"] = "127.0.0.1:18080";
        context.Request.Headers["Content-Type"] = "application/x-www-form-urlencoded";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("Body=1"));

        var sut = await AlibabaRequestReader.ReadAsync(context.Request, 1024, TestContext.Current.CancellationToken);

        Assert.NotNull(sut);
        Assert.Equal([new("Name", "web*"), new("Other", "a b")], sut.QueryParameters);
        Assert.Equal("1", sut.Parameter("Body"));
        Assert.Equal("127.0.0.1:18080", sut.Host);
        Assert.Equal("Body=1"u8.ToArray(), sut.Body.ToArray());
    }

    [Fact]
    public async Task ReadAsync_BodyOverCap_ReturnsNull()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Body = new MemoryStream(new byte[2048]);

        var sut = await AlibabaRequestReader.ReadAsync(context.Request, 1024, TestContext.Current.CancellationToken);

        Assert.Null(sut);
    }
}
