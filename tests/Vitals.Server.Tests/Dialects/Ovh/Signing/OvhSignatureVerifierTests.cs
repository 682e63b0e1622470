using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Vitals.Server.Dialects.Ovh.Signing;
using Vitals.Testing;

namespace Vitals.Server.Tests.Dialects.Ovh.Signing;

public sealed class OvhSignatureVerifierTests
{
    private const long SpecTimestamp = 1735689600;
    private const string ServerPath = "/1.0/ipLoadbalancing/loadbalancer-example/http/farm/1/server/2";

    private readonly ManualTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(SpecTimestamp + 10));

    internal static OvhCredentialLookup Lookup() => (ak, ck, _) => ValueTask.FromResult(
        ak != "testAK" ? OvhCredential.UnknownApplication
        : ck != "testCK" ? OvhCredential.UnknownConsumer
        : OvhCredential.Valid("testAS", "prj-ovh"));

    // A second, plain implementation of the documented formula, over strings.
    private static string Expected(string secret, string consumer, string method, string url, string body, long timestamp)
    {
#pragma warning disable CA5350
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(string.Join('+', secret, consumer, method, url, body,
            timestamp.ToString(CultureInfo.InvariantCulture))));
#pragma warning restore CA5350
        return "$1$" + Convert.ToHexStringLower(hash);
    }

    private static OvhRequest Signed(string method, string host, string rawTarget, string body = "", long timestamp = SpecTimestamp,
        string secret = "testAS", string signedHost = "127.0.0.1", string ak = "testAK", string ck = "testCK") =>
        new(method, host, rawTarget, Encoding.UTF8.GetBytes(body))
        {
            ApplicationKey = ak,
            ConsumerKey = ck,
            Timestamp = timestamp.ToString(CultureInfo.InvariantCulture),
            Signature = Expected(secret, ck, method, "https://" + signedHost + rawTarget, body, timestamp),
        };

    private OvhSignatureVerifier CreateSut(OvhSignatureOptions? options = null) => new(Lookup(), _time, options);

    [Fact]
    public void ComputeSignature_SpecVectors_ReproduceExactly()
    {
        var url = "https://127.0.0.1" + ServerPath;
        var put = "https://127.0.0.1/1.0/ipLoadbalancing/loadbalancer-example/tcp/farm/1/server/2";

        Assert.Equal("$1$28a85cbc7b8b8d88737d362cd579b62af90c4a7e",
            OvhSignatureVerifier.ComputeSignature("testAS", "testCK", "GET", url, [], "1735689600"));
        Assert.Equal("$1$636e005add6ef27634ed02bec7551e494f58260b",
            OvhSignatureVerifier.ComputeSignature("testAS", "testCK", "PUT", put, "{\"weight\":5}"u8, "1735689600"));
    }

    [Fact]
    public async Task VerifyAsync_NodeOvhStyleRequest_SignedWithoutPort_Succeeds()
    {
        var request = Signed("GET", "127.0.0.1:18443", ServerPath);

        var result = await CreateSut().VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("$1$28a85cbc7b8b8d88737d362cd579b62af90c4a7e", request.Signature);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("testAK", result.ApplicationKey);
        Assert.Equal("prj-ovh", result.ProjectId);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task VerifyAsync_SignedWithPort_AcceptedOnlyWhenAllowed(bool allow, bool expected)
    {
        var request = Signed("GET", "127.0.0.1:18443", ServerPath, signedHost: "127.0.0.1:18443");

        var result = await CreateSut(new OvhSignatureOptions { AcceptUrlWithPort = allow }).VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(expected, result.Succeeded);
    }

    [Fact]
    public async Task VerifyAsync_QueryIsPartOfTheSignedUrl_AsSent()
    {
        var target = "/1.0/ipLoadbalancing/lb/http/farm/1/server?status=active&address=10.0.0.1";
        var signedWithoutQuery = Signed("GET", "127.0.0.1:18443", "/1.0/ipLoadbalancing/lb/http/farm/1/server") with { RawTarget = target };
        var reordered = Signed("GET", "127.0.0.1:18443", "/1.0/ipLoadbalancing/lb/http/farm/1/server?address=10.0.0.1&status=active")
            with { RawTarget = target };
        var sut = CreateSut();

        var good = await sut.VerifyAsync(Signed("GET", "127.0.0.1:18443", target), TestContext.Current.CancellationToken);
        var noQuery = await sut.VerifyAsync(signedWithoutQuery, TestContext.Current.CancellationToken);
        var otherOrder = await sut.VerifyAsync(reordered, TestContext.Current.CancellationToken);

        Assert.True(good.Succeeded, good.Message);
        Assert.Equal("INVALID_SIGNATURE", noQuery.ErrorCode);
        Assert.Equal("INVALID_SIGNATURE", otherOrder.ErrorCode);
    }

    [Fact]
    public async Task VerifyAsync_BodyChangedAfterSigning_InvalidSignature400()
    {
        var signed = Signed("PUT", "127.0.0.1:18443", ServerPath, "{\"weight\":5}");
        var tampered = signed with { Body = Encoding.UTF8.GetBytes("{\"weight\":6}") };
        var sut = CreateSut();

        var good = await sut.VerifyAsync(signed, TestContext.Current.CancellationToken);
        var bad = await sut.VerifyAsync(tampered, TestContext.Current.CancellationToken);

        Assert.True(good.Succeeded, good.Message);
        Assert.Equal(400, bad.StatusCode);
        Assert.Equal("INVALID_SIGNATURE", bad.ErrorCode);
        Assert.Equal("400 Bad Request", bad.HttpCode);
        Assert.Equal("Invalid signature", bad.Message);
    }

    [Fact]
    public async Task VerifyAsync_NonAsciiBody_SignsTheRawBytes()
    {
        var body = "{\"displayName\":\"caf\u00e9\"}";

        var result = await CreateSut().VerifyAsync(Signed("PUT", "127.0.0.1", ServerPath, body), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Message);
    }

    [Theory]
    [InlineData("GET", "DELETE")]
    [InlineData("GET", "get")]
    public async Task VerifyAsync_MethodChanged_InvalidSignature(string signedMethod, string sentMethod)
    {
        var request = Signed(signedMethod, "127.0.0.1", ServerPath) with { Method = sentMethod };

        var result = await CreateSut().VerifyAsync(request, TestContext.Current.CancellationToken);

        // The formula upper-cases METHOD, so a lower-case request line signs like its upper-case twin.
        Assert.Equal(sentMethod.Equals(signedMethod, StringComparison.OrdinalIgnoreCase), result.Succeeded);
    }

    [Fact]
    public async Task VerifyAsync_WrongSecret_InvalidSignature()
    {
        var result = await CreateSut().VerifyAsync(Signed("GET", "127.0.0.1", ServerPath, secret: "bad"), TestContext.Current.CancellationToken);

        Assert.Equal("INVALID_SIGNATURE", result.ErrorCode);
        Assert.Equal("Invalid signature", result.Message);
    }

    [Fact]
    public async Task VerifyAsync_UpperCaseHex_Succeeds()
    {
        var request = Signed("GET", "127.0.0.1", ServerPath);
        request = request with { Signature = "$1$" + request.Signature![3..].ToUpperInvariant() };

        var result = await CreateSut().VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Message);
    }

    [Theory]
    [InlineData("nosuch", "testCK", 403, "INVALID_KEY", "Invalid application key")]
    [InlineData("", "testCK", 403, "INVALID_KEY", "Invalid application key")]
    [InlineData("testAK", "nosuch", 403, "INVALID_CREDENTIAL", "This credential does not exist")]
    [InlineData("testAK", "", 401, "NOT_CREDENTIAL", "You must login first")]
    public async Task VerifyAsync_CredentialProblems_ForbiddenOrUnauthorized(string ak, string ck, int status, string code, string message)
    {
        var request = Signed("GET", "127.0.0.1", ServerPath, ak: ak, ck: ck);

        var result = await CreateSut().VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(status, result.StatusCode);
        Assert.Equal(code, result.ErrorCode);
        Assert.Equal(message, result.Message);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(300, true)]
    [InlineData(-300, true)]
    [InlineData(301, false)]
    [InlineData(-301, false)]
    [InlineData(86400, false)]
    public async Task VerifyAsync_TimestampSkew_ThreeHundredSecondsEitherWay(int skew, bool expected)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();

        var result = await CreateSut().VerifyAsync(Signed("GET", "127.0.0.1", ServerPath, timestamp: now + skew),
            TestContext.Current.CancellationToken);

        Assert.Equal(expected, result.Succeeded);
        if (!expected)
        {
            Assert.Equal(400, result.StatusCode);
            Assert.Equal("QUERY_TIME_OUT", result.ErrorCode);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-1735689600")]
    [InlineData(" 1735689600")]
    [InlineData("1735689600.5")]
    public async Task VerifyAsync_MalformedTimestamp_QueryOutOfTime(string? timestamp)
    {
        var request = Signed("GET", "127.0.0.1", ServerPath) with { Timestamp = timestamp };

        var result = await CreateSut().VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("QUERY_TIME_OUT", result.ErrorCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("28a85cbc7b8b8d88737d362cd579b62af90c4a7e")]
    [InlineData("$2$28a85cbc7b8b8d88737d362cd579b62af90c4a7e")]
    [InlineData("$1$28a85cbc")]
    public async Task VerifyAsync_MalformedSignature_InvalidSignature(string? signature)
    {
        var request = Signed("GET", "127.0.0.1", ServerPath) with { Signature = signature };

        var result = await CreateSut().VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("INVALID_SIGNATURE", result.ErrorCode);
    }

    [Theory]
    [InlineData("127.0.0.1:18443", "127.0.0.1")]
    [InlineData("eu.api.ovh.com", "eu.api.ovh.com")]
    [InlineData("localhost:443", "localhost")]
    [InlineData("[::1]:8443", "[::1]")]
    [InlineData("[::1]", "[::1]")]
    [InlineData("", "")]
    public void StripPort_HostHeader_RemovesOnlyThePort(string host, string expected)
    {
        Assert.Equal(expected, OvhSignatureVerifier.StripPort(host));
    }

    [Fact]
    public async Task ReadAsync_HttpRequest_TakesRawTargetHostAndOvhHeaders()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "PUT";
        context.Request.Host = new HostString("127.0.0.1", 18443);
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = "/1.0/ipLoadbalancing/lb/http/farm?zone=gra";
        context.Request.Headers["X-Ovh-Application"] = "testAK";
        context.Request.Headers["X-Ovh-Consumer"] = "testCK";
        context.Request.Headers["X-Ovh-Timestamp"] = "1735689600";
        context.Request.Headers["X-Ovh-Signature"] = "$1$00";
        context.Request.Body = new MemoryStream("{\"weight\":5}"u8.ToArray());

        var sut = await OvhRequestReader.ReadAsync(context.Request, 1024, TestContext.Current.CancellationToken);

        Assert.NotNull(sut);
        Assert.Equal("127.0.0.1:18443", sut.Host);
        Assert.Equal("/1.0/ipLoadbalancing/lb/http/farm?zone=gra", sut.RawTarget);
        Assert.Equal(("testAK", "testCK", "1735689600", "$1$00"), (sut.ApplicationKey, sut.ConsumerKey, sut.Timestamp, sut.Signature));
        Assert.Equal("{\"weight\":5}"u8.ToArray(), sut.Body.ToArray());
    }
}
