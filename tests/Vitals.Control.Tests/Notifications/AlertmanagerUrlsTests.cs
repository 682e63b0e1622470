using Vitals.Control.Notifications;

namespace Vitals.Control.Tests.Notifications;

public sealed class AlertmanagerUrlsTests
{
    [Fact]
    public void Parse_ItemsAndCommas_EveryUrlOnceInOrder()
    {
        var errors = new List<string>();

        var sut = AlertmanagerUrls.Parse(["http://am-1:9093, https://am-2.example/alertmanager/", "http://am-1:9093", "http://[::1]:9093"], errors);

        Assert.Empty(errors);
        Assert.Equal(["http://am-1:9093/", "https://am-2.example/alertmanager/", "http://[::1]:9093/"], sut.Select(u => u.ToString()));
    }

    [Theory]
    [InlineData("am-1:9093")]
    [InlineData("/api/v2")]
    [InlineData("ftp://am-1")]
    [InlineData("http://am-1:9093/?a=b")]
    [InlineData("http://am-1:9093/#x")]
    [InlineData("http://user:secret@am-1:9093")]
    public void Parse_BadUrl_OneErrorEach_NoUrl(string text)
    {
        var errors = new List<string>();

        var sut = AlertmanagerUrls.Parse([text, "not a url either"], errors);

        Assert.Empty(sut);
        Assert.Equal(2, errors.Count);
    }

    [Theory]
    [InlineData("http://am:9093", "http://am:9093/api/v2/alerts")]
    [InlineData("http://am:9093/", "http://am:9093/api/v2/alerts")]
    [InlineData("https://ops.example/alertmanager/", "https://ops.example/alertmanager/api/v2/alerts")]
    [InlineData("https://ops.example/alertmanager", "https://ops.example/alertmanager/api/v2/alerts")]
    public void AlertsEndpoint_UnderThePathPrefix(string url, string expected)
    {
        Assert.Equal(expected, AlertmanagerUrls.AlertsEndpoint(new Uri(url)).ToString());
    }
}
