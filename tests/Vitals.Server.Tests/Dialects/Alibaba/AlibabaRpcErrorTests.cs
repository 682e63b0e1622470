using System.Net;
using System.Text.Json;
using Vitals.Server.Dialects.Alibaba.Signing;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Dialects.Alibaba.Signing;

namespace Vitals.Server.Tests.Dialects.Alibaba;

/// <summary>Every error path of the RPC endpoint, as the official client sees it: Alibaba's code, status and error body.</summary>
public sealed class AlibabaRpcErrorTests : IAsyncLifetime
{
    private AlibabaTestFleet _fleet = null!;
    private string _listener = "";
    private string _otherProjectListener = "";

    public async ValueTask InitializeAsync()
    {
        _fleet = await AlibabaTestFleet.StartAsync();
        var lb = await _fleet.LoadBalancerAsync();
        (_listener, _) = await _fleet.ListenerAsync(lb, monitored: false);
        var (_, other) = await _fleet.Server.CreateProjectAsync("other");
        using (other)
        {
            var otherLb = await _fleet.LoadBalancerAsync(other);
            (_otherProjectListener, _) = await _fleet.ListenerAsync(otherLb, monitored: false, client: other);
        }
    }

    public async ValueTask DisposeAsync() => await _fleet.DisposeAsync();

    [Theory]
    [InlineData("acs3")]
    [InlineData("v2")]
    public async Task Call_UnknownAccessKey_Is404NotFound(string signature) =>
        _fleet.AssertError(await _fleet.NlbAsync(signature, Query(), accessKeyId: "LTAInosuchkey00000000000"),
            AlibabaErrorCodes.InvalidAccessKeyIdNotFound, 404);

    [Theory]
    [InlineData("acs3", AlibabaErrorCodes.IncompleteSignature)]
    [InlineData("v2", AlibabaErrorCodes.SignatureDoesNotMatch)]
    public async Task Call_WrongSecret_IsSignatureError(string signature, string code)
    {
        var output = await _fleet.NlbAsync(signature, Query(), secret: "not-the-secret");

        _fleet.AssertError(output, code, 400);
        Assert.Contains("server string to sign is:", output.GetProperty("data").GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_RevokedAccessKey_IsInactive()
    {
        var (id, secret) = await AlibabaTestFleet.IssueKeyAsync(_fleet.Client);
        Assert.Equal(HttpStatusCode.NoContent, (await _fleet.Client.ApiDeleteAsync($"/api/v1/access-keys/{id}")).Status);

        _fleet.AssertError(await _fleet.NlbAsync("acs3", Query(), id, secret), AlibabaErrorCodes.InvalidAccessKeyIdInactive, 400);
    }

    [Fact]
    public async Task Call_MissingListenerId_IsMissingParameter()
    {
        var output = await _fleet.NlbAsync("acs3", new() { ["RegionId"] = "cn-hangzhou" });

        _fleet.AssertError(output, AlibabaErrorCodes.MissingParameter, 400);
        Assert.Contains("\"ListenerId\"", output.GetProperty("data").GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MaxResults", "0")]
    [InlineData("MaxResults", "101")]
    [InlineData("MaxResults", "ten")]
    [InlineData("NextToken", "garbage!")]
    [InlineData("NextToken", "dGFtcGVyZWQtd2l0aC10b2tlbi1ieXRlcw")]
    [InlineData("ListenerId", "lsn-x@notaport")]
    [InlineData("ListenerId", "lsn-<script>")]
    [InlineData("RegionId", "cn hangzhou")]
    public async Task Call_InvalidParameter_IsInvalidParameter(string name, string value)
    {
        var query = Query();
        query[name] = value;

        _fleet.AssertError(await _fleet.NlbAsync("v2", query), AlibabaErrorCodes.InvalidParameter, 400);
    }

    [Fact]
    public async Task Call_TokenOfAnotherListener_IsInvalidParameter()
    {
        var lb = await _fleet.LoadBalancerAsync();
        var (second, pool) = await _fleet.ListenerAsync(lb, port: 9090, monitored: false);
        await _fleet.MemberAsync(pool, 1);
        await _fleet.MemberAsync(pool, 2);
        var page = await _fleet.NlbAsync("acs3", new() { ["ListenerId"] = second, ["MaxResults"] = 1 });
        var token = page.GetProperty("body").GetProperty("NextToken").GetString()!;
        Assert.NotEmpty(token);

        var query = Query();
        query["NextToken"] = token;
        _fleet.AssertError(await _fleet.NlbAsync("acs3", query), AlibabaErrorCodes.InvalidParameter, 400);
    }

    [Theory]
    [InlineData("lsn-00000000000000000000")]
    [InlineData("OTHER")]
    [InlineData("WRONG-PORT")]
    [InlineData("WRONG-REGION")]
    public async Task Call_ListenerNotVisible_IsResourceNotFound(string which)
    {
        var query = Query();
        switch (which)
        {
            case "OTHER": query["ListenerId"] = _otherProjectListener; break;
            case "WRONG-PORT": query["ListenerId"] = _listener + "@1"; break;
            case "WRONG-REGION": query["RegionId"] = "eu-central-1"; break;
            default: query["ListenerId"] = which; break;
        }

        _fleet.AssertError(await _fleet.NlbAsync("acs3", query), AlibabaErrorCodes.ResourceNotFoundListener, 404);
    }

    [Fact]
    public async Task Call_UnknownAction_IsInvalidActionNotFound() =>
        _fleet.AssertError(await _fleet.NlbAsync("acs3", Query(), action: "DeleteLoadBalancer"), AlibabaErrorCodes.InvalidActionNotFound, 404);

    [Fact]
    public async Task Call_UnknownVersion_IsInvalidVersion() =>
        _fleet.AssertError(await _fleet.NlbAsync("v2", Query(), version: "2099-01-01"), AlibabaErrorCodes.InvalidVersion, 400);

    [Fact]
    public async Task SignedGet_WithAction_IsServedAndReplayIsRefused()
    {
        using var http = _fleet.Server.Anonymous();
        var parameters = AlibabaTestSigner.V1Parameters(TimeProvider.System.GetUtcNow(), Guid.NewGuid().ToString("N"), _fleet.AccessKeyId);
        parameters["ListenerId"] = _listener;
        parameters["Signature"] = AlibabaTestSigner.V1Signature("GET", parameters, _fleet.AccessKeySecret);
        var target = "/?" + AlibabaTestSigner.WireQuery(parameters);

        using var first = await http.GetAsync(target, TestContext.Current.CancellationToken);
        using var replay = await http.GetAsync(target, TestContext.Current.CancellationToken);

        var firstBody = await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(first.StatusCode == HttpStatusCode.OK, firstBody);
        Assert.Equal(_listener, JsonDocument.Parse(firstBody).RootElement.GetProperty("ListenerHealthStatus")[0].GetProperty("ListenerId").GetString());
        Assert.True(first.Headers.Contains("x-acs-request-id"));
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal(AlibabaErrorCodes.SignatureNonceUsed, Code(await replay.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task SignedPost_OldTimestamp_IsExpired()
    {
        using var http = _fleet.Server.Anonymous();
        var parameters = AlibabaTestSigner.V1Parameters(TimeProvider.System.GetUtcNow().AddMinutes(-20), Guid.NewGuid().ToString("N"), _fleet.AccessKeyId);
        parameters["ListenerId"] = _listener;
        parameters["Signature"] = AlibabaTestSigner.V1Signature("POST", parameters, _fleet.AccessKeySecret);

        using var response = await http.PostAsync("/?" + AlibabaTestSigner.WireQuery(parameters), null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(AlibabaErrorCodes.InvalidTimeStampExpired, Code(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Post_WithoutAction_IsMissingParameter_AndGetWithoutAction_IsNotRpc()
    {
        using var http = _fleet.Server.Anonymous();

        using var post = await http.PostAsync("/", null, TestContext.Current.CancellationToken);
        using var get = await http.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(AlibabaErrorCodes.MissingParameter, Code(await post.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
        Assert.False(get.Headers.Contains("x-acs-request-id"));
    }

    private static string? Code(string body) => JsonDocument.Parse(body).RootElement.GetProperty("Code").GetString();

    private Dictionary<string, object> Query() => new() { ["RegionId"] = "cn-hangzhou", ["ListenerId"] = _listener, ["MaxResults"] = 20 };
}
