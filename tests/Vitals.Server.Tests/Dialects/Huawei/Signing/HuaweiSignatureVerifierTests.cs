using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Vitals.Server.Dialects.Huawei.Signing;
using Vitals.Testing;

namespace Vitals.Server.Tests.Dialects.Huawei.Signing;

/// <summary>
/// The SDK-HMAC-SHA256 verifier on a fake clock, against canonical requests written out by hand from the signer's rules
/// (and one printed by Huawei's gateway in its documentation).
/// </summary>
public sealed class HuaweiSignatureVerifierTests
{
    private const string Ak = "HWTESTAK000000000000";
    private const string Sk = "test-secret-key";
    private const string Host = "d7da6fe436fb48f2af3c5c2e5b203df7.example.com";
    private const string EmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static readonly DateTimeOffset Now = new(2023, 5, 27, 1, 54, 31, TimeSpan.Zero);

    private readonly ManualTimeProvider _time = new(Now);
    private readonly Dictionary<string, HuaweiAccessKey> _keys = new(StringComparer.Ordinal) { [Ak] = new HuaweiAccessKey(Sk, "prj-hw") };

    private HuaweiSignatureVerifier CreateSut() => new((ak, _) => ValueTask.FromResult(_keys.GetValueOrDefault(ak)), _time);

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    // A second, plain implementation of the string to sign and the HMAC, over a canonical request written by hand.
    private static string Signature(string canonical, string date, string secret = Sk)
    {
        var stringToSign = $"SDK-HMAC-SHA256\n{date}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign)));
    }

    private static HuaweiSignedRequest Request(string method, string path, string query, string date, string signature, string body = "",
        string signedHeaders = "host;x-sdk-date", params (string Name, string Value)[] extra)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Host"] = Host,
            ["X-Sdk-Date"] = date,
            ["Authorization"] = $"SDK-HMAC-SHA256 Access={Ak}, SignedHeaders={signedHeaders}, Signature={signature}",
        };
        foreach (var (name, value) in extra)
        {
            headers[name] = value;
        }

        return new HuaweiSignedRequest(method, path, query, headers, Encoding.UTF8.GetBytes(body));
    }

    [Fact]
    public async Task Verify_TheGatewaysDocumentedCanonicalRequest_Accepted()
    {
        // Huawei's API Request Signing Guide prints this canonical request (newlines as |) for GET /test/:
        // GET|/test/||host:d7da…example.com|x-sdk-date:20230527T015431Z||host;x-sdk-date|e3b0c…b855
        var canonical = $"GET\n/test/\n\nhost:{Host}\nx-sdk-date:20230527T015431Z\n\nhost;x-sdk-date\n{EmptyHash}";

        var result = await CreateSut().VerifyAsync(Request("GET", "/test", "", "20230527T015431Z", Signature(canonical, "20230527T015431Z")),
            TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(canonical, result.CanonicalRequest);
        Assert.Equal("prj-hw", result.ProjectId);
    }

    [Fact]
    public async Task Verify_QueryDecodedSortedReencoded_PathSegmentsReencoded_BodyHashed()
    {
        var date = Date(Now);
        const string body = "{\"member\":{\"weight\":3}}";
        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        // Keys sorted, a repeated key's values sorted ('*' before 'x y'), a bare key is "key=", '%' in the path becomes %25.
        var canonical = $"PUT\n/v3/p/elb/a%2520b/\na=%2A&a=x%20y&b=%C3%A9&c=\nhost:{Host}\nx-sdk-date:{date}\n\nhost;x-sdk-date\n{bodyHash}";

        var result = await CreateSut().VerifyAsync(
            Request("PUT", "/v3/p/elb/a%20b", "b=%C3%A9&a=x%20y&a=%2A&c", date, Signature(canonical, date), body), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Message + " " + result.CanonicalRequest);
    }

    [Fact]
    public async Task Verify_ContentSha256Header_StandsForTheBody()
    {
        var date = Date(Now);
        var canonical = $"POST\n/x/\n\nhost:{Host}\nx-sdk-content-sha256:UNSIGNED-PAYLOAD\nx-sdk-date:{date}\n\nhost;x-sdk-content-sha256;x-sdk-date\nUNSIGNED-PAYLOAD";

        var result = await CreateSut().VerifyAsync(Request("POST", "/x", "", date, Signature(canonical, date), "not hashed",
            "host;x-sdk-content-sha256;x-sdk-date", ("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD")), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Message);
    }

    [Theory]
    [InlineData(-900, true)]
    [InlineData(900, true)]
    [InlineData(-901, false)]
    [InlineData(901, false)]
    public async Task Verify_DateWindow_FifteenMinutesEitherWay(int offsetSeconds, bool accepted)
    {
        var date = Date(Now.AddSeconds(offsetSeconds));
        var canonical = $"GET\n/x/\n\nhost:{Host}\nx-sdk-date:{date}\n\nhost;x-sdk-date\n{EmptyHash}";

        var result = await CreateSut().VerifyAsync(Request("GET", "/x", "", date, Signature(canonical, date)), TestContext.Current.CancellationToken);

        Assert.Equal(accepted, result.Succeeded);
        if (!accepted)
        {
            Assert.StartsWith("Incorrect IAM authentication information: signature expired", result.Message, StringComparison.Ordinal);
            Assert.False(result.CountsAsFailure);
        }
    }

    [Fact]
    public async Task Verify_SameWriteSignatureTwice_SecondRefused_NotCounted()
    {
        var sut = CreateSut();
        var date = Date(Now);
        var canonical = $"DELETE\n/x/\n\nhost:{Host}\nx-sdk-date:{date}\n\nhost;x-sdk-date\n{EmptyHash}";
        var request = Request("DELETE", "/x", "", date, Signature(canonical, date));

        var first = await sut.VerifyAsync(request, TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromMinutes(14));
        var second = await sut.VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.True(first.Succeeded);
        Assert.False(second.Succeeded);
        Assert.Contains("already used", second.Message, StringComparison.Ordinal);
        Assert.False(second.CountsAsFailure);
    }

    [Fact]
    public async Task Verify_SameReadSignatureTwice_BothAccepted()
    {
        var sut = CreateSut();
        var date = Date(Now);
        var canonical = $"GET\n/x/\n\nhost:{Host}\nx-sdk-date:{date}\n\nhost;x-sdk-date\n{EmptyHash}";
        var request = Request("GET", "/x", "", date, Signature(canonical, date));

        var first = await sut.VerifyAsync(request, TestContext.Current.CancellationToken);
        var second = await sut.VerifyAsync(request, TestContext.Current.CancellationToken);

        Assert.True(first.Succeeded);
        Assert.True(second.Succeeded, second.Message);
    }

    [Theory]
    [InlineData("SDK-HMAC-SHA256", "must read")]
    [InlineData("SDK-HMAC-SHA256 Access=, SignedHeaders=host;x-sdk-date, Signature=00", "must read")]
    [InlineData("V11-HMAC-SHA256 Access=A, SignedHeaders=host, Signature=00", "unsupported signing algorithm")]
    [InlineData("SDK-HMAC-SHA256 Access=HWTESTAK000000000000, SignedHeaders=host, Signature=00", "must include host and x-sdk-date")]
    [InlineData("SDK-HMAC-SHA256 Access=HWTESTAK000000000000, SignedHeaders=host;x-sdk-date;x-project-id, Signature=00", "x-project-id not found")]
    [InlineData("SDK-HMAC-SHA256 Access=NOSUCH, SignedHeaders=host;x-sdk-date, Signature=00", "err:ak not exist")]
    [InlineData("SDK-HMAC-SHA256 Access=HWTESTAK000000000000, SignedHeaders=host;x-sdk-date, Signature=zz", "verify aksk signature fail")]
    public async Task Verify_MalformedOrUnknown_RefusedWithAReason_Counted(string authorization, string reason)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Host"] = Host, ["X-Sdk-Date"] = Date(Now), ["Authorization"] = authorization,
        };

        var result = await CreateSut().VerifyAsync(new HuaweiSignedRequest("GET", "/x", "", headers, ReadOnlyMemory<byte>.Empty),
            TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.StartsWith("Incorrect IAM authentication information: ", result.Message, StringComparison.Ordinal);
        Assert.Contains(reason, result.Message, StringComparison.Ordinal);
        Assert.True(result.CountsAsFailure);
    }

    [Fact]
    public async Task Verify_RevokedAk_Refused_EvenWithAGoodSignature()
    {
        _keys[Ak] = new HuaweiAccessKey(Sk, "prj-hw", Active: false);
        var date = Date(Now);
        var canonical = $"GET\n/x/\n\nhost:{Host}\nx-sdk-date:{date}\n\nhost;x-sdk-date\n{EmptyHash}";

        var result = await CreateSut().VerifyAsync(Request("GET", "/x", "", date, Signature(canonical, date)), TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Contains("ak is revoked", result.Message, StringComparison.Ordinal);
    }
}
