using System.Text;
using Vitals.Server.Dialects.Alibaba.Signing;
using Vitals.Testing;

namespace Vitals.Server.Tests.Dialects.Alibaba.Signing;

public sealed class Acs3SignatureVerifierTests
{
    private static readonly DateTimeOffset SpecTime = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const string SpecCanonicalRequest = """
        POST
        /
        ListenerId=lsn-example%4080&MaxResults=20&NextToken=a%20b%2Ac&RegionId=cn-hangzhou
        host:nlb.example.test
        x-acs-action:GetListenerHealthStatus
        x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
        x-acs-date:2025-01-01T00:00:00Z
        x-acs-signature-nonce:9b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e
        x-acs-version:2022-04-30

        host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version
        e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
        """;

    private const string SpecStringToSign = "ACS3-HMAC-SHA256\nc1121ad65b0497ee30ea9f5f77467d0610855b21aef15e364814406ecbd17a3b";

    private const string SpecAuthorization =
        "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=4b43a6155643a70cbd7505b576971679a643e226ea4aa3d958a67fa2db70089e";

    private const string SpecSignedHeaders = "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version";

    private readonly ManualTimeProvider _time = new(SpecTime.AddMinutes(2));
    private readonly SignatureNonceCache _nonces = new(TimeSpan.FromMinutes(30), 1000);

    private Acs3SignatureVerifier CreateSut() => new(AlibabaTestSigner.Lookup(), _nonces, _time);

    // The spec's request as the SDK sends it: Node-escaped query (NextToken=a%20b*c), headers in SDK order.
    private static AlibabaRequest SpecRequest(string authorization = SpecAuthorization) => AlibabaRequest.Create("POST",
        "/?ListenerId=lsn-example%4080&MaxResults=20&NextToken=a%20b*c&RegionId=cn-hangzhou",
        [
            new("host", "nlb.example.test"),
            new("x-acs-version", "2022-04-30"),
            new("x-acs-action", "GetListenerHealthStatus"),
            new("user-agent", "AlibabaCloud (linux; x64) Node.js/v20.x Core/1.0.1 TeaDSL/2"),
            new("x-acs-date", "2025-01-01T00:00:00Z"),
            new("x-acs-signature-nonce", "9b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e"),
            new("accept", "application/json"),
            new("x-acs-content-sha256", AlibabaTestSigner.EmptySha256),
            new("Authorization", authorization),
        ],
        ReadOnlyMemory<byte>.Empty);

    [Fact]
    public void SpecVector_CanonicalRequestStringToSignAndAuthorization_ReproduceExactly()
    {
        var request = SpecRequest();
        var payloadHash = Acs3SignatureVerifier.HashPayload(request.Body.Span);

        var canonicalRequest = Acs3SignatureVerifier.BuildCanonicalRequest(request, SpecSignedHeaders, payloadHash);
        var stringToSign = Acs3SignatureVerifier.BuildStringToSign(canonicalRequest);
        var signature = Acs3SignatureVerifier.Sign("testsecret", stringToSign);

        Assert.Equal(AlibabaTestSigner.EmptySha256, payloadHash);
        Assert.Equal(SpecCanonicalRequest.ReplaceLineEndings("\n"), canonicalRequest);
        Assert.Equal(SpecStringToSign, stringToSign);
        Assert.Equal(SpecAuthorization, $"ACS3-HMAC-SHA256 Credential=testid,SignedHeaders={SpecSignedHeaders},Signature={signature}");
    }

    [Fact]
    public void SpecVector_SecondImplementation_AgreesWithSpec()
    {
        var headers = AlibabaTestSigner.Acs3Headers(SpecTime, "9b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e");

        var authorization = AlibabaTestSigner.Acs3Authorization("POST", "/", AlibabaTestSigner.Acs3Query(), headers, AlibabaTestSigner.EmptySha256);

        Assert.Equal(SpecAuthorization, authorization);
    }

    [Fact]
    public async Task VerifyAsync_SpecVector_Succeeds()
    {
        var result = await CreateSut().VerifyAsync(SpecRequest(), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("testid", result.AccessKeyId);
        Assert.Equal(AlibabaTestSigner.ProjectId, result.ProjectId);
        Assert.Equal(SpecStringToSign, result.StringToSign);
    }

    [Fact]
    public async Task VerifyAsync_UpperCaseHexSignature_Succeeds()
    {
        var upper = SpecAuthorization[..SpecAuthorization.LastIndexOf('=')] + "=" + "4b43a6155643a70cbd7505b576971679a643e226ea4aa3d958a67fa2db70089e".ToUpperInvariant();

        var result = await CreateSut().VerifyAsync(SpecRequest(upper), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Message);
    }

    [Fact]
    public async Task VerifyAsync_SignedBodyAndContentType_Succeeds()
    {
        var body = Encoding.UTF8.GetBytes("PageSize=50&RegionId=cn-hangzhou");
        var headers = AlibabaTestSigner.Acs3Headers(_time.GetUtcNow(), "nonce-body", body);
        headers["content-type"] = "application/x-www-form-urlencoded";
        headers["x-acs-credentials-provider"] = "static_ak";
        var request = AlibabaTestSigner.Acs3Request(AlibabaTestSigner.Acs3Query(), headers, body);

        var result = await CreateSut().VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("50", request.Parameter("PageSize"));
    }

    [Theory]
    [InlineData("ListenerId", "lsn-other@80")]
    [InlineData("NextToken", "a b c")]
    public async Task VerifyAsync_QueryChangedAfterSigning_IncompleteSignatureEndingWithServerStringToSign(string name, string value)
    {
        var headers = AlibabaTestSigner.Acs3Headers(_time.GetUtcNow(), "nonce-tamper");
        var signed = AlibabaTestSigner.Acs3Request(AlibabaTestSigner.Acs3Query(), headers);
        var query = AlibabaTestSigner.Acs3Query().Select(p => p.Key == name ? new KeyValuePair<string, string>(name, value) : p).ToList();
        var tampered = AlibabaRequest.Create("POST", "/?" + AlibabaTestSigner.WireQuery(query),
            headers.Select(h => h).Append(new("Authorization", signed.Header("authorization")!)), ReadOnlyMemory<byte>.Empty);

        var result = await CreateSut().VerifyAsync(tampered, TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.IncompleteSignature, result.Code);
        Assert.Equal(400, result.StatusCode);
        Assert.StartsWith("ACS3-HMAC-SHA256\n", result.StringToSign, StringComparison.Ordinal);
        Assert.EndsWith("server string to sign is:" + result.StringToSign, result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("host", "evil.example.test")]
    [InlineData("x-acs-action", "DescribeInstances")]
    [InlineData("x-acs-version", "2014-05-26")]
    public async Task VerifyAsync_SignedHeaderChangedAfterSigning_IncompleteSignature(string name, string value)
    {
        var headers = AlibabaTestSigner.Acs3Headers(_time.GetUtcNow(), "nonce-header");
        var signed = AlibabaTestSigner.Acs3Request(AlibabaTestSigner.Acs3Query(), headers);
        headers[name] = value;
        var tampered = AlibabaRequest.Create("POST", "/?" + AlibabaTestSigner.WireQuery(AlibabaTestSigner.Acs3Query()),
            headers.Select(h => h).Append(new("Authorization", signed.Header("authorization")!)), ReadOnlyMemory<byte>.Empty);

        var result = await CreateSut().VerifyAsync(tampered, TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.IncompleteSignature, result.Code);
        Assert.EndsWith(result.StringToSign!, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_BodyNotMatchingContentSha256_IncompleteSignature()
    {
        var headers = AlibabaTestSigner.Acs3Headers(_time.GetUtcNow(), "nonce-payload");
        var signed = AlibabaTestSigner.Acs3Request(AlibabaTestSigner.Acs3Query(), headers);
        var tampered = AlibabaRequest.Create("POST", "/?" + AlibabaTestSigner.WireQuery(AlibabaTestSigner.Acs3Query()),
            headers.Select(h => h).Append(new("Authorization", signed.Header("authorization")!)), Encoding.UTF8.GetBytes("smuggled"));

        var result = await CreateSut().VerifyAsync(tampered, TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.IncompleteSignature, result.Code);
        Assert.Contains("x-acs-content-sha256", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_WrongSecret_IncompleteSignature()
    {
        var request = AlibabaTestSigner.Acs3Request(AlibabaTestSigner.Acs3Query(),
            AlibabaTestSigner.Acs3Headers(_time.GetUtcNow(), "nonce-secret"), secret: "wrong");

        var result = await CreateSut().VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.IncompleteSignature, result.Code);
    }

    [Theory]
    [InlineData("x-acs-date")]
    [InlineData("x-acs-signature-nonce")]
    [InlineData("x-acs-action")]
    [InlineData("host")]
    public async Task VerifyAsync_RequiredHeaderLeftUnsigned_IncompleteSignature(string unsigned)
    {
        var headers = AlibabaTestSigner.Acs3Headers(_time.GetUtcNow(), "nonce-unsigned");
        var request = AlibabaTestSigner.Acs3Request(AlibabaTestSigner.Acs3Query(), headers,
            signedHeaders: headers.Keys.Where(k => k != unsigned));

        var result = await CreateSut().VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.IncompleteSignature, result.Code);
        Assert.Contains($"\"{unsigned}\" is not signed", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x-acs-date")]
    [InlineData("x-acs-content-sha256")]
    [InlineData("x-acs-version")]
    public async Task VerifyAsync_RequiredHeaderAbsent_MissingParameter(string absent)
    {
        var headers = AlibabaTestSigner.Acs3Headers(_time.GetUtcNow(), "nonce-absent");
        var signed = AlibabaTestSigner.Acs3Request(AlibabaTestSigner.Acs3Query(), headers);
        var request = AlibabaRequest.Create("POST", "/", signed.HeaderValues("authorization").Select(a => new KeyValuePair<string, string>("authorization", a))
            .Concat(headers.Where(h => h.Key != absent)), ReadOnlyMemory<byte>.Empty);

        var result = await CreateSut().VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.MissingParameter, result.Code);
        Assert.Contains($"\"{absent}\"", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_SignedHeaderNotInRequest_IncompleteSignature()
    {
        var headers = AlibabaTestSigner.Acs3Headers(_time.GetUtcNow(), "nonce-ghost");
        headers["x-acs-ghost"] = "boo";
        var signed = AlibabaTestSigner.Acs3Request(AlibabaTestSigner.Acs3Query(), headers);
        var request = AlibabaRequest.Create("POST", "/?" + AlibabaTestSigner.WireQuery(AlibabaTestSigner.Acs3Query()),
            headers.Where(h => h.Key != "x-acs-ghost").Append(new("Authorization", signed.Header("authorization")!)), ReadOnlyMemory<byte>.Empty);

        var result = await CreateSut().VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.IncompleteSignature, result.Code);
        Assert.Contains("x-acs-ghost", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ACS3-HMAC-SHA256")]
    [InlineData("ACS3-HMAC-SHA256 Credential=testid")]
    [InlineData("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host")]
    [InlineData("ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature=00")]
    [InlineData("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host,Signature=00,Extra=1")]
    [InlineData("Bearer token")]
    public async Task VerifyAsync_MalformedAuthorization_IncompleteSignature(string authorization)
    {
        var result = await CreateSut().VerifyAsync(SpecRequest(authorization), TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.IncompleteSignature, result.Code);
        Assert.Equal(400, result.StatusCode);
    }

    [Theory]
    [InlineData("ACS3-HMAC-SM3")]
    [InlineData("ACS3-RSA-SHA256")]
    public async Task VerifyAsync_OtherAlgorithm_IncompleteSignatureNamingIt(string algorithm)
    {
        var result = await CreateSut().VerifyAsync(SpecRequest(SpecAuthorization.Replace("ACS3-HMAC-SHA256", algorithm)),
            TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.IncompleteSignature, result.Code);
        Assert.Contains(algorithm, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_SpacesAfterCommasInAuthorization_Succeeds()
    {
        var spaced = SpecAuthorization.Replace(",", ", ");

        var result = await CreateSut().VerifyAsync(SpecRequest(spaced), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Message);
    }

    [Fact]
    public async Task VerifyAsync_UnknownAccessKey_NotFound404()
    {
        var result = await CreateSut().VerifyAsync(SpecRequest(SpecAuthorization.Replace("Credential=testid", "Credential=nosuch")),
            TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.InvalidAccessKeyIdNotFound, result.Code);
        Assert.Equal(404, result.StatusCode);
    }

    [Fact]
    public async Task VerifyAsync_DisabledAccessKey_Inactive()
    {
        var disabled = new AlibabaAccessKey(AlibabaTestSigner.Secret, AlibabaTestSigner.ProjectId, Active: false);
        var sut = new Acs3SignatureVerifier(AlibabaTestSigner.Lookup((AlibabaTestSigner.AccessKeyId, disabled)), _nonces, _time);

        var result = await sut.VerifyAsync(SpecRequest(), TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.InvalidAccessKeyIdInactive, result.Code);
        Assert.Equal(400, result.StatusCode);
    }

    [Theory]
    [InlineData(14, null)]
    [InlineData(16, AlibabaErrorCodes.InvalidTimeStampExpired)]
    [InlineData(-16, AlibabaErrorCodes.InvalidTimeStampExpired)]
    public async Task VerifyAsync_DateSkew_FifteenMinutesEitherWay(int minutes, string? expectedCode)
    {
        var request = AlibabaTestSigner.Acs3Request(AlibabaTestSigner.Acs3Query(),
            AlibabaTestSigner.Acs3Headers(_time.GetUtcNow().AddMinutes(minutes), "nonce-skew"));

        var result = await CreateSut().VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(expectedCode, result.Code);
    }

    [Fact]
    public async Task VerifyAsync_MalformedDate_InvalidTimeStampFormat()
    {
        var headers = AlibabaTestSigner.Acs3Headers(_time.GetUtcNow(), "nonce-date");
        headers["x-acs-date"] = "Wed, 01 Jan 2025 00:00:00 GMT";

        var result = await CreateSut().VerifyAsync(AlibabaTestSigner.Acs3Request(AlibabaTestSigner.Acs3Query(), headers),
            TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.InvalidTimeStampFormat, result.Code);
    }

    [Fact]
    public async Task VerifyAsync_Replay_SignatureNonceUsed()
    {
        var sut = CreateSut();

        var first = await sut.VerifyAsync(SpecRequest(), TestContext.Current.CancellationToken);
        var replay = await sut.VerifyAsync(SpecRequest(), TestContext.Current.CancellationToken);

        Assert.True(first.Succeeded, first.Message);
        Assert.Equal(AlibabaErrorCodes.SignatureNonceUsed, replay.Code);
    }

    [Fact]
    public async Task VerifyAsync_FailedSignature_DoesNotBurnTheNonce()
    {
        var sut = CreateSut();
        var headers = AlibabaTestSigner.Acs3Headers(_time.GetUtcNow(), "nonce-burn");

        var forged = await sut.VerifyAsync(AlibabaTestSigner.Acs3Request(AlibabaTestSigner.Acs3Query(), headers, secret: "wrong"),
            TestContext.Current.CancellationToken);
        var genuine = await sut.VerifyAsync(AlibabaTestSigner.Acs3Request(AlibabaTestSigner.Acs3Query(), headers),
            TestContext.Current.CancellationToken);

        Assert.Equal(AlibabaErrorCodes.IncompleteSignature, forged.Code);
        Assert.True(genuine.Succeeded, genuine.Message);
    }

    [Fact]
    public void BuildCanonicalRequest_RepeatedHeader_ValuesSortedAndCommaJoined()
    {
        var request = AlibabaRequest.Create("GET", "/a+b*c%7E", [new("x-acs-multi", " zeta "), new("X-Acs-Multi", "alpha"), new("host", "h")],
            ReadOnlyMemory<byte>.Empty);

        var canonical = Acs3SignatureVerifier.BuildCanonicalRequest(request, "host;x-acs-multi", "hash");

        Assert.Equal("GET\n/a%20b%2Ac~\n\nhost:h\nx-acs-multi:alpha,zeta\n\nhost;x-acs-multi\nhash", canonical);
    }

    [Fact]
    public void BuildCanonicalRequest_ParameterWithoutValue_YieldsNameEquals()
    {
        var request = AlibabaRequest.Create("POST", "/?b=2&a&c=", [new("host", "h")], ReadOnlyMemory<byte>.Empty);

        var canonical = Acs3SignatureVerifier.BuildCanonicalRequest(request, "host", "hash");

        Assert.Equal("POST\n/\na=&b=2&c=\nhost:h\n\nhost\nhash", canonical);
    }
}
