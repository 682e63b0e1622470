using System.Text;
using Vitals.Core.Notifications;

namespace Vitals.Core.Tests.Notifications;

public sealed class WebhookSignatureTests
{
    private const string Body = """{"id":"evt-0123456789abcdef0123","type":"test"}""";
    private const long Timestamp = 1733500000;

    // printf '%s' '1733500000.{"id":"evt-0123456789abcdef0123","type":"test"}' | openssl dgst -sha256 -hmac 'whsec_test_secret'
    private const string OpensslV1 = "e86990d37b341fa348470eb734dc0270eb983b07a7510337c7df019324f26c51";

    // the same with -hmac 'whsec_old_secret'
    private const string OpensslV1Old = "68f923b295eb4a65a5cdb8164cc5f99d3fa1f72a70a26d411dba5ec9d99b8cdd";

    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("whsec_test_secret");
    private static readonly byte[] OldSecret = Encoding.UTF8.GetBytes("whsec_old_secret");
    private static readonly byte[] BodyBytes = Encoding.UTF8.GetBytes(Body);
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    [Fact]
    public void Sign_KnownVector_MatchesOpenssl()
    {
        var sut = WebhookSignature.Sign(Secret, Timestamp, BodyBytes);

        Assert.Equal($"t={Timestamp},v1={OpensslV1}", sut);
    }

    [Fact]
    public void Sign_TwoSecrets_CarriesBothValuesInOrder()
    {
        var sut = WebhookSignature.Sign([Secret, OldSecret], Timestamp, BodyBytes);

        Assert.Equal($"t={Timestamp},v1={OpensslV1},v1={OpensslV1Old}", sut);
    }

    [Fact]
    public void Sign_NoSecret_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookSignature.Sign(Array.Empty<byte[]>(), Timestamp, BodyBytes));

    [Fact]
    public void Verify_OpensslHeader_IsValid()
    {
        var sut = WebhookSignature.Verify(Secret, $"t={Timestamp},v1={OpensslV1}", BodyBytes, SignedAt.AddSeconds(30));

        Assert.Equal(SignatureCheck.Valid, sut);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Verify_RotationHeader_AcceptsEitherSecret(int which)
    {
        var header = WebhookSignature.Sign([Secret, OldSecret], Timestamp, BodyBytes);

        var sut = WebhookSignature.Verify(which == 0 ? Secret : OldSecret, header, BodyBytes, SignedAt);

        Assert.Equal(SignatureCheck.Valid, sut);
    }

    [Fact]
    public void Verify_ChangedBody_IsMismatch()
    {
        var header = WebhookSignature.Sign(Secret, Timestamp, BodyBytes);
        var changed = Encoding.UTF8.GetBytes(Body.Replace("test", "tesT", StringComparison.Ordinal));

        Assert.Equal(SignatureCheck.Mismatch, WebhookSignature.Verify(Secret, header, changed, SignedAt));
    }

    [Fact]
    public void Verify_OtherSecret_IsMismatch()
    {
        var header = WebhookSignature.Sign(OldSecret, Timestamp, BodyBytes);

        Assert.Equal(SignatureCheck.Mismatch, WebhookSignature.Verify(Secret, header, BodyBytes, SignedAt));
    }

    [Fact]
    public void Verify_TimestampChangedButSignatureKept_IsMismatch()
    {
        // A replay with a fresh timestamp and the old signature must fail: the timestamp is signed.
        var header = $"t={Timestamp + 60},v1={OpensslV1}";

        Assert.Equal(SignatureCheck.Mismatch, WebhookSignature.Verify(Secret, header, BodyBytes, SignedAt.AddSeconds(60)));
    }

    [Theory]
    [InlineData(-301, SignatureCheck.OutsideTolerance)]
    [InlineData(-300, SignatureCheck.Valid)]
    [InlineData(300, SignatureCheck.Valid)]
    [InlineData(301, SignatureCheck.OutsideTolerance)]
    public void Verify_DefaultTolerance_IsFiveMinutesEitherWay(int receiverOffsetSeconds, SignatureCheck expected)
    {
        var header = WebhookSignature.Sign(Secret, Timestamp, BodyBytes);

        var sut = WebhookSignature.Verify(Secret, header, BodyBytes, SignedAt.AddSeconds(receiverOffsetSeconds));

        Assert.Equal(expected, sut);
    }

    [Fact]
    public void Verify_CustomTolerance_IsApplied()
    {
        var header = WebhookSignature.Sign(Secret, Timestamp, BodyBytes);

        Assert.Equal(SignatureCheck.OutsideTolerance,
            WebhookSignature.Verify(Secret, header, BodyBytes, SignedAt.AddSeconds(11), TimeSpan.FromSeconds(10)));
        Assert.Equal(SignatureCheck.Valid,
            WebhookSignature.Verify(Secret, header, BodyBytes, SignedAt.AddSeconds(10), TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1=" + OpensslV1)]
    [InlineData("t=1733500000")]
    [InlineData("t=abc,v1=" + OpensslV1)]
    [InlineData("t=-1733500000,v1=" + OpensslV1)]
    [InlineData("t=1733500000,t=1733500000,v1=" + OpensslV1)]
    [InlineData("t=1733500000,v1=e869")]
    [InlineData("t=99999999999999999999999,v1=" + OpensslV1)]
    [InlineData("t=1733500000,v1=1,v1=2,v1=3,v1=4,v1=5,v1=6,v1=7,v1=8,v1=9")]
    public void Verify_MalformedHeader_IsMalformed(string? header) =>
        Assert.Equal(SignatureCheck.Malformed, WebhookSignature.Verify(Secret, header, BodyBytes, SignedAt));

    [Fact]
    public void Verify_HugeHeader_IsMalformedWithoutParsing() =>
        Assert.Equal(SignatureCheck.Malformed, WebhookSignature.Verify(Secret, new string('t', 5000), BodyBytes, SignedAt));

    [Fact]
    public void Verify_NonHexValueBesideAGoodOne_IsValid()
    {
        var header = $"t={Timestamp},v1={new string('z', 64)},v1={OpensslV1}";

        Assert.Equal(SignatureCheck.Valid, WebhookSignature.Verify(Secret, header, BodyBytes, SignedAt));
    }

    [Fact]
    public void Verify_UnknownSchemesAndSpaces_AreIgnored()
    {
        var header = $" t={Timestamp} , v0=abc, v1={OpensslV1.ToUpperInvariant()} ";

        Assert.Equal(SignatureCheck.Valid, WebhookSignature.Verify(Secret, header, BodyBytes, SignedAt));
    }

    [Fact]
    public void Verify_TimestampFarInTheFuture_IsOutsideTolerance()
    {
        var header = WebhookSignature.Sign(Secret, 253402300800, BodyBytes);

        Assert.Equal(SignatureCheck.OutsideTolerance, WebhookSignature.Verify(Secret, header, BodyBytes, SignedAt));
    }

    [Fact]
    public void Verify_EmptyBody_RoundTrips()
    {
        var header = WebhookSignature.Sign(Secret, Timestamp, []);

        Assert.Equal(SignatureCheck.Valid, WebhookSignature.Verify(Secret, header, [], SignedAt));
        Assert.Equal(SignatureCheck.Mismatch, WebhookSignature.Verify(Secret, header, BodyBytes, SignedAt));
    }

    [Fact]
    public void Verify_NegativeTolerance_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            WebhookSignature.Verify(Secret, $"t={Timestamp},v1={OpensslV1}", BodyBytes, SignedAt, TimeSpan.FromSeconds(-1)));
}
