using Vitals.Server.Dialects.Alibaba.Signing;
using Vitals.Testing;

namespace Vitals.Server.Tests.Dialects.Alibaba.Signing;

public sealed class AlibabaRequestAuthenticatorTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task AuthenticateAsync_BothSchemes_AreRoutedAndVerified()
    {
        var sut = new AlibabaRequestAuthenticator(AlibabaTestSigner.Lookup(), _time);
        var v1 = AlibabaTestSigner.V1Request(AlibabaTestSigner.V1Parameters(_time.GetUtcNow(), "n-v1"));
        var acs3 = AlibabaTestSigner.Acs3Request(AlibabaTestSigner.Acs3Query(), AlibabaTestSigner.Acs3Headers(_time.GetUtcNow(), "n-acs3"));

        var v1Result = await sut.AuthenticateAsync(v1, TestContext.Current.CancellationToken);
        var acs3Result = await sut.AuthenticateAsync(acs3, TestContext.Current.CancellationToken);

        Assert.True(v1Result.Succeeded, v1Result.Message);
        Assert.StartsWith("POST&%2F&", v1Result.StringToSign, StringComparison.Ordinal);
        Assert.True(acs3Result.Succeeded, acs3Result.Message);
        Assert.StartsWith("ACS3-HMAC-SHA256\n", acs3Result.StringToSign, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthenticateAsync_NonceReusedAcrossSchemes_SignatureNonceUsed()
    {
        var sut = new AlibabaRequestAuthenticator(AlibabaTestSigner.Lookup(), _time);
        var v1 = AlibabaTestSigner.V1Request(AlibabaTestSigner.V1Parameters(_time.GetUtcNow(), "shared-nonce"));
        var acs3 = AlibabaTestSigner.Acs3Request(AlibabaTestSigner.Acs3Query(), AlibabaTestSigner.Acs3Headers(_time.GetUtcNow(), "shared-nonce"));

        var first = await sut.AuthenticateAsync(v1, TestContext.Current.CancellationToken);
        var second = await sut.AuthenticateAsync(acs3, TestContext.Current.CancellationToken);

        Assert.True(first.Succeeded, first.Message);
        Assert.Equal(AlibabaErrorCodes.SignatureNonceUsed, second.Code);
    }

    [Fact]
    public async Task AuthenticateAsync_NoSignatureAtAll_MissingParameter()
    {
        var sut = new AlibabaRequestAuthenticator(AlibabaTestSigner.Lookup(), _time);
        var request = AlibabaRequest.Create("POST", "/?Action=DescribeInstances&RegionId=cn-hangzhou", [], ReadOnlyMemory<byte>.Empty);

        var result = await sut.AuthenticateAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.MissingParameter, result.Code);
        Assert.Contains("AccessKeyId", result.Message, StringComparison.Ordinal);
    }
}
