using Vitals.Core.Health;
using Vitals.Core.Notifications;
using Vitals.Core.Resources;
using Vitals.Core.Validation;

namespace Vitals.Core.Tests.Resources;

public sealed class WebhookRulesTests
{
    [Theory]
    [InlineData("https://hooks.example.com/vitals?team=ops", false)]
    [InlineData("http://10.0.0.7:8080/in", false)]
    [InlineData("http://[2001:db8::7]/in", false)]
    [InlineData("http://am.example:9093/prefix", true)]
    public void Url_Accepted_ReturnedParsed(string url, bool plainBase)
    {
        var errors = new FieldErrorList();

        var sut = WebhookRules.Url(errors, url, required: true, plainBase);

        Assert.False(errors.HasErrors);
        Assert.Equal(new Uri(url), sut);
    }

    [Theory]
    [InlineData("", false, "absolute http or https")]
    [InlineData("hooks.example.com/x", false, "absolute http or https")]
    [InlineData("ftp://hooks.example.com/x", false, "absolute http or https")]
    [InlineData("file:///etc/passwd", false, "absolute http or https")]
    [InlineData("https://user:pw@hooks.example.com/", false, "without user information")]
    [InlineData("http://am.example:9093/?x=1", true, "no query or fragment")]
    [InlineData("http://am.example:9093/#top", true, "no query or fragment")]
    public void Url_Refused_OneErrorOnUrl(string url, bool plainBase, string expected)
    {
        var errors = new FieldErrorList();

        var sut = WebhookRules.Url(errors, url, required: false, plainBase);

        Assert.Null(sut);
        var error = Assert.Single(errors.Errors);
        Assert.Equal("url", error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Url_LongerThanTheLimit_Refused_MissingOnlyWhenRequired()
    {
        var errors = new FieldErrorList();

        WebhookRules.Url(errors, "https://a.example/" + new string('x', WebhookRules.MaxUrlLength), required: false);
        WebhookRules.Url(errors, null, required: true);
        WebhookRules.Url(errors, null, required: false);

        Assert.Equal(["url", "url"], errors.Errors.Select(e => e.Field));
        Assert.Contains("is required", errors.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Events_KnownNamesInOrder_UnknownAndDuplicatesNamedByIndex()
    {
        var errors = new FieldErrorList();
        var good = new FieldErrorList();

        var parsed = WebhookRules.Events(good, [NotificationKinds.PanicStarted, NotificationKinds.MemberTransition]);
        WebhookRules.Events(errors, [NotificationKinds.MemberTransition, "member.down", NotificationKinds.MemberTransition, "Test"]);

        Assert.False(good.HasErrors);
        Assert.Equal([NotificationKind.PanicStarted, NotificationKind.MemberTransition], parsed);
        Assert.Equal(["events[1]", "events[2]", "events[3]"], errors.Errors.Select(e => e.Field));
        Assert.Contains("member.flapping_started", errors.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("twice", errors.Errors[1].Message, StringComparison.Ordinal);
        Assert.Empty(WebhookRules.Events(good, [])!);
        Assert.Null(WebhookRules.Events(good, null));
    }

    [Fact]
    public void States_ExactApiNames_OthersNamedByIndex()
    {
        var errors = new FieldErrorList();
        var good = new FieldErrorList();

        var parsed = WebhookRules.States(good, ["Unhealthy", "Healthy", "Unavailable"]);
        WebhookRules.States(errors, ["unhealthy", "1", "Down", "Healthy", "Healthy"]);

        Assert.False(good.HasErrors);
        Assert.Equal([HealthState.Unhealthy, HealthState.Healthy, HealthState.Unavailable], parsed);
        Assert.Equal(["states[0]", "states[1]", "states[2]", "states[4]"], errors.Errors.Select(e => e.Field));
        Assert.Contains("Initial, Healthy, Unhealthy, Unused, Unavailable", errors.Errors[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0123456789abcdef", null)]
    [InlineData("whsec_!#$%&'()*+,-./:;<=>?@[]^_`{|}~", null)]
    [InlineData("short", "16 to 256")]
    [InlineData("has a space in the middle", "without spaces")]
    [InlineData("tab\tinside-0123456789", "not printable")]
    [InlineData("vs1:0123456789abcdef", "vs1:")]
    [InlineData("ünïcödé-0123456789", "not printable")]
    public void Secret_PrintableAsciiOfBoundedLength(string secret, string? expected)
    {
        var errors = new FieldErrorList();

        WebhookRules.Secret(errors, secret);

        if (expected is null)
        {
            Assert.False(errors.HasErrors);
        }
        else
        {
            Assert.Contains(expected, Assert.Single(errors.Errors).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Secret_LengthBounds_257Refused256Accepted()
    {
        var errors = new FieldErrorList();

        WebhookRules.Secret(errors, new string('a', 256));
        WebhookRules.Secret(errors, new string('a', 15));
        WebhookRules.Secret(errors, new string('a', 257));

        Assert.Equal(2, errors.Errors.Count);
    }

    [Fact]
    public void Hint_PrefixAndLastFour_NeverTheSecret()
    {
        var secret = WebhookSecrets.Format(new byte[WebhookSecrets.ByteLength]);

        Assert.Equal("whsec_…" + secret[^4..], WebhookRules.Hint(secret));
        Assert.Equal("…cdef", WebhookRules.Hint("0123456789abcdef"));
    }
}
