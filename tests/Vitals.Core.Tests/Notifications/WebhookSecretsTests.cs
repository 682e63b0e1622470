using Vitals.Core.Notifications;

namespace Vitals.Core.Tests.Notifications;

public sealed class WebhookSecretsTests
{
    [Fact]
    public void Format_32Bytes_IsPrefixedBase64UrlWithoutPadding()
    {
        var bytes = new byte[32];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(250 + i);
        }

        var sut = WebhookSecrets.Format(bytes);

        // base64url of 0xfa 0xfb ... : '-' and '_' instead of '+' and '/', no '='.
        Assert.Equal("whsec_" + Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_').TrimEnd('='), sut);
        Assert.Equal(6 + 43, sut.Length);
        Assert.True(WebhookSecrets.IsWellFormed(sut));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(33)]
    public void Format_WrongLength_Throws(int length) =>
        Assert.Throws<ArgumentException>(() => WebhookSecrets.Format(new byte[length]));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("whsec_")]
    [InlineData("whsec_abc")]
    [InlineData("wsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    [InlineData("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void IsWellFormed_OtherShapes_AreRefused(string? secret) => Assert.False(WebhookSecrets.IsWellFormed(secret));
}
