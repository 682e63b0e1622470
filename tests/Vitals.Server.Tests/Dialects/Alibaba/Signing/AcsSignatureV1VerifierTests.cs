using System.Text;
using Vitals.Server.Dialects.Alibaba.Signing;
using Vitals.Testing;

namespace Vitals.Server.Tests.Dialects.Alibaba.Signing;

public sealed class AcsSignatureV1VerifierTests
{
    private static readonly DateTimeOffset SpecTime = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const string SpecCanonicalized =
        "AccessKeyId=testid&Action=GetListenerHealthStatus&Format=json&ListenerId=lsn-example%4080&MaxResults=20&RegionId=cn-hangzhou&SignatureMethod=HMAC-SHA1&SignatureNonce=0f9a4c2e-8d1b-4c55-9e7a-2b6d3c4e5f60&SignatureVersion=1.0&Timestamp=2025-01-01T00%3A00%3A00Z&Version=2022-04-30";

    private const string SpecStringToSign =
        "POST&%2F&AccessKeyId%3Dtestid%26Action%3DGetListenerHealthStatus%26Format%3Djson%26ListenerId%3Dlsn-example%254080%26MaxResults%3D20%26RegionId%3Dcn-hangzhou%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D0f9a4c2e-8d1b-4c55-9e7a-2b6d3c4e5f60%26SignatureVersion%3D1.0%26Timestamp%3D2025-01-01T00%253A00%253A00Z%26Version%3D2022-04-30";

    private const string SpecSignature = "ZQH1rMU98o6ED6vEBMIsistutyw=";

    private readonly ManualTimeProvider _time = new(SpecTime.AddMinutes(1));
    private readonly SignatureNonceCache _nonces = new(TimeSpan.FromMinutes(30), 1000);

    private AcsSignatureV1Verifier CreateSut(AlibabaAccessKeyLookup? lookup = null) =>
        new(lookup ?? AlibabaTestSigner.Lookup(), _nonces, _time);

    // The spec's request as it arrives: unsorted, Timestamp and ListenerId percent-encoded, Signature url-encoded.
    private static AlibabaRequest SpecRequest(string signature = SpecSignature) => AlibabaRequest.Create("POST",
        "/?Action=GetListenerHealthStatus&Format=json&Version=2022-04-30&Timestamp=2025-01-01T00%3A00%3A00Z"
        + "&SignatureNonce=0f9a4c2e-8d1b-4c55-9e7a-2b6d3c4e5f60&RegionId=cn-hangzhou&MaxResults=20&ListenerId=lsn-example%4080"
        + "&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&AccessKeyId=testid&Signature=" + Uri.EscapeDataString(signature),
        [new("host", "127.0.0.1:18080"), new("x-acs-action", "GetListenerHealthStatus")], ReadOnlyMemory<byte>.Empty);

    [Fact]
    public void SpecVector_CanonicalizedStringToSignAndSignature_ReproduceExactly()
    {
        var request = SpecRequest();

        var canonicalized = AcsSignatureV1Verifier.BuildCanonicalizedQuery(request.Parameters);
        var stringToSign = AcsSignatureV1Verifier.BuildStringToSign(request.Method, canonicalized);

        Assert.Equal(SpecCanonicalized, canonicalized);
        Assert.Equal(SpecStringToSign, stringToSign);
        Assert.Equal(SpecSignature, AcsSignatureV1Verifier.Sign("testsecret", stringToSign));
    }

    [Fact]
    public async Task VerifyAsync_SpecVector_Succeeds()
    {
        var sut = CreateSut();

        var result = await sut.VerifyAsync(SpecRequest(), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("testid", result.AccessKeyId);
        Assert.Equal(AlibabaTestSigner.ProjectId, result.ProjectId);
        Assert.Equal(SpecStringToSign, result.StringToSign);
    }

    [Fact]
    public async Task VerifyAsync_WireEncodingWithRawStarsAndPlusSpaces_IsDecodedThenReEncoded()
    {
        var parameters = AlibabaTestSigner.V1Parameters(_time.GetUtcNow(), "nonce-wire");
        parameters["InstanceName"] = "web* (prod)!'~";
        parameters["NextToken"] = "a b+c";
        parameters["Description"] = "日本 é";
        var request = AlibabaTestSigner.V1Request(parameters);
        var sut = CreateSut();

        var result = await sut.VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Message);
        Assert.Contains("InstanceName%3Dweb%252A%2520%2528prod%2529%2521%2527~", result.StringToSign, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_FormBodyParameters_AreSigned()
    {
        var parameters = AlibabaTestSigner.V1Parameters(_time.GetUtcNow(), "nonce-form");
        parameters["PageSize"] = "50";
        var signature = AlibabaTestSigner.V1Signature("POST", parameters);
        var body = AlibabaTestSigner.WireQuery(parameters.Where(p => p.Key is "PageSize" or "RegionId"));
        var query = AlibabaTestSigner.WireQuery(parameters.Where(p => p.Key is not ("PageSize" or "RegionId")).Append(new("Signature", signature)));
        var request = AlibabaRequest.Create("POST", "/?" + query, [new("Content-Type", "application/x-www-form-urlencoded")],
            Encoding.UTF8.GetBytes(body));
        var sut = CreateSut();

        var result = await sut.VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Message);
    }

    [Theory]
    [InlineData("ListenerId", "lsn-other@80")]
    [InlineData("Action", "DescribeInstances")]
    [InlineData("RegionId", "cn-beijing")]
    public async Task VerifyAsync_ParameterChangedAfterSigning_SignatureDoesNotMatchWithServerStringToSign(string name, string value)
    {
        var parameters = AlibabaTestSigner.V1Parameters(_time.GetUtcNow(), "nonce-tamper");
        var signature = AlibabaTestSigner.V1Signature("POST", parameters);
        parameters[name] = value;
        parameters["Signature"] = signature;
        var request = AlibabaRequest.Create("POST", "/?" + AlibabaTestSigner.WireQuery(parameters), [], ReadOnlyMemory<byte>.Empty);
        var sut = CreateSut();

        var result = await sut.VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.SignatureDoesNotMatch, result.Code);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("Specified signature is not matched with our calculation. server string to sign is:" + result.StringToSign, result.Message);
        Assert.Contains(AlibabaPercentEncoder.Encode(AlibabaPercentEncoder.Encode(value)), result.StringToSign, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_AddedParameter_SignatureDoesNotMatch()
    {
        var parameters = AlibabaTestSigner.V1Parameters(_time.GetUtcNow(), "nonce-added");
        var signature = AlibabaTestSigner.V1Signature("POST", parameters);
        parameters["MaxResults"] = "100";
        parameters["Signature"] = signature;
        var request = AlibabaRequest.Create("POST", "/?" + AlibabaTestSigner.WireQuery(parameters), [], ReadOnlyMemory<byte>.Empty);

        var result = await CreateSut().VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.SignatureDoesNotMatch, result.Code);
    }

    [Fact]
    public async Task VerifyAsync_WrongSecret_SignatureDoesNotMatch()
    {
        var request = AlibabaTestSigner.V1Request(AlibabaTestSigner.V1Parameters(_time.GetUtcNow(), "n1"), secret: "not-the-secret");

        var result = await CreateSut().VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.SignatureDoesNotMatch, result.Code);
    }

    [Fact]
    public async Task VerifyAsync_SignedForPostSentAsGet_SignatureDoesNotMatch()
    {
        var parameters = AlibabaTestSigner.V1Parameters(_time.GetUtcNow(), "n-method");
        parameters["Signature"] = AlibabaTestSigner.V1Signature("POST", parameters);
        var request = AlibabaRequest.Create("GET", "/?" + AlibabaTestSigner.WireQuery(parameters), [], ReadOnlyMemory<byte>.Empty);

        var result = await CreateSut().VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.SignatureDoesNotMatch, result.Code);
        Assert.StartsWith("GET&%2F&", result.StringToSign, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_GetRequest_Succeeds()
    {
        var request = AlibabaTestSigner.V1Request(AlibabaTestSigner.V1Parameters(_time.GetUtcNow(), "n-get"), method: "GET");

        var result = await CreateSut().VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Message);
    }

    [Theory]
    [InlineData("AccessKeyId")]
    [InlineData("Signature")]
    [InlineData("SignatureMethod")]
    [InlineData("SignatureVersion")]
    [InlineData("SignatureNonce")]
    [InlineData("Timestamp")]
    public async Task VerifyAsync_RequiredParameterMissing_MissingParameterNamesIt(string name)
    {
        var parameters = AlibabaTestSigner.V1Parameters(_time.GetUtcNow(), "n-missing");
        parameters["Signature"] = AlibabaTestSigner.V1Signature("POST", parameters);
        parameters.Remove(name);
        var request = AlibabaRequest.Create("POST", "/?" + AlibabaTestSigner.WireQuery(parameters), [], ReadOnlyMemory<byte>.Empty);

        var result = await CreateSut().VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.MissingParameter, result.Code);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal($"The input parameter \"{name}\" that is mandatory for processing this request is not supplied.", result.Message);
    }

    [Theory]
    [InlineData("SignatureMethod", "HMAC-SHA256")]
    [InlineData("SignatureVersion", "2.0")]
    public async Task VerifyAsync_UnsupportedMethodOrVersion_InvalidParameter(string name, string value)
    {
        var parameters = AlibabaTestSigner.V1Parameters(_time.GetUtcNow(), "n-unsupported");
        parameters[name] = value;

        var result = await CreateSut().VerifyAsync(AlibabaTestSigner.V1Request(parameters), TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.InvalidParameter, result.Code);
        Assert.Contains(name, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_UnknownAccessKey_NotFound404()
    {
        var request = AlibabaTestSigner.V1Request(AlibabaTestSigner.V1Parameters(_time.GetUtcNow(), "n-unknown", accessKeyId: "nosuch"));

        var result = await CreateSut().VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.InvalidAccessKeyIdNotFound, result.Code);
        Assert.Equal(404, result.StatusCode);
        Assert.Equal("Specified access key is not found.", result.Message);
    }

    [Fact]
    public async Task VerifyAsync_DisabledAccessKey_Inactive()
    {
        var lookup = AlibabaTestSigner.Lookup(("off", new AlibabaAccessKey("offsecret", "prj", Active: false)));
        var request = AlibabaTestSigner.V1Request(AlibabaTestSigner.V1Parameters(_time.GetUtcNow(), "n-off", accessKeyId: "off"), secret: "offsecret");

        var result = await CreateSut(lookup).VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.InvalidAccessKeyIdInactive, result.Code);
        Assert.Equal(400, result.StatusCode);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(15 * 60, null)]
    [InlineData(-15 * 60, null)]
    [InlineData(15 * 60 + 1, AlibabaErrorCodes.InvalidTimeStampExpired)]
    [InlineData(-15 * 60 - 1, AlibabaErrorCodes.InvalidTimeStampExpired)]
    [InlineData(-24 * 3600, AlibabaErrorCodes.InvalidTimeStampExpired)]
    public async Task VerifyAsync_ClockSkew_FifteenMinutesEitherWay(int skewSeconds, string? expectedCode)
    {
        var request = AlibabaTestSigner.V1Request(
            AlibabaTestSigner.V1Parameters(_time.GetUtcNow().AddSeconds(skewSeconds), "n-skew"));

        var result = await CreateSut().VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(expectedCode, result.Code);
    }

    [Theory]
    [InlineData("2025-01-01 00:01:00")]
    [InlineData("2025-01-01T00:01:00+08:00")]
    [InlineData("2025-01-01T00:01:00")]
    [InlineData("1735689660")]
    [InlineData("yesterday")]
    public async Task VerifyAsync_MalformedTimestamp_InvalidTimeStampFormat(string timestamp)
    {
        var parameters = AlibabaTestSigner.V1Parameters(_time.GetUtcNow(), "n-format");
        parameters["Timestamp"] = timestamp;

        var result = await CreateSut().VerifyAsync(AlibabaTestSigner.V1Request(parameters), TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.InvalidTimeStampFormat, result.Code);
        Assert.Equal(400, result.StatusCode);
    }

    [Fact]
    public async Task VerifyAsync_SameRequestTwice_SecondIsSignatureNonceUsed()
    {
        var request = AlibabaTestSigner.V1Request(AlibabaTestSigner.V1Parameters(_time.GetUtcNow(), "n-replay"));
        var sut = CreateSut();

        var first = await sut.VerifyAsync(request, TestContext.Current.CancellationToken);
        var second = await sut.VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.True(first.Succeeded, first.Message);
        Assert.Equal(AlibabaErrorCodes.SignatureNonceUsed, second.Code);
        Assert.Equal(400, second.StatusCode);
    }

    [Fact]
    public async Task VerifyAsync_FailedSignature_DoesNotBurnTheNonce()
    {
        var parameters = AlibabaTestSigner.V1Parameters(_time.GetUtcNow(), "n-burn");
        var sut = CreateSut();

        var forged = await sut.VerifyAsync(AlibabaTestSigner.V1Request(parameters, secret: "guess"), TestContext.Current.CancellationToken);
        var genuine = await sut.VerifyAsync(AlibabaTestSigner.V1Request(parameters), TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.SignatureDoesNotMatch, forged.Code);
        Assert.True(genuine.Succeeded, genuine.Message);
    }

    [Fact]
    public async Task VerifyAsync_SameNonceOtherKey_Succeeds()
    {
        var lookup = AlibabaTestSigner.Lookup(("other", new AlibabaAccessKey("othersecret", "prj-2")));
        var sut = CreateSut(lookup);

        var mine = await sut.VerifyAsync(AlibabaTestSigner.V1Request(AlibabaTestSigner.V1Parameters(_time.GetUtcNow(), "shared")),
            TestContext.Current.CancellationToken);
        var theirs = await sut.VerifyAsync(
            AlibabaTestSigner.V1Request(AlibabaTestSigner.V1Parameters(_time.GetUtcNow(), "shared", "other"), secret: "othersecret"),
            TestContext.Current.CancellationToken);

        Assert.True(mine.Succeeded, mine.Message);
        Assert.True(theirs.Succeeded, theirs.Message);
        Assert.Equal("prj-2", theirs.ProjectId);
    }

    [Fact]
    public async Task VerifyAsync_NonceReusedAfterRetention_IsAcceptedAgain()
    {
        var sut = CreateSut();
        var first = await sut.VerifyAsync(AlibabaTestSigner.V1Request(AlibabaTestSigner.V1Parameters(_time.GetUtcNow(), "n-old")),
            TestContext.Current.CancellationToken);

        _time.Advance(TimeSpan.FromMinutes(31));
        var later = await sut.VerifyAsync(AlibabaTestSigner.V1Request(AlibabaTestSigner.V1Parameters(_time.GetUtcNow(), "n-old")),
            TestContext.Current.CancellationToken);

        Assert.True(first.Succeeded, first.Message);
        Assert.True(later.Succeeded, later.Message);
    }
}
