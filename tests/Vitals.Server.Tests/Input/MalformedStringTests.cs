using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vitals.Control.Fleet;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Dialects.Alibaba;
using Vitals.Server.Tests.Dialects.Alibaba.Signing;
using Vitals.Server.Tests.Dialects.Huawei;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Input;

/// <summary>
/// The requests of the attack run that answered 500 (a JSON string holding a lone surrogate) and their NUL and
/// control-character cousins: each is a 400 in its dialect's error shape, naming the field, sent with nosniff, and
/// writes nothing.
/// </summary>
public sealed class MalformedStringTests : IAsyncLifetime
{
    private readonly RecordingFleetObserver _recorder = new();
    private RunningServer _server = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync(configure: services => services.AddSingleton<IFleetObserver>(_recorder));
        (_, _client) = await _server.CreateProjectAsync("malformed");
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("healthmonitors", "healthmonitor", """{"healthmonitor":{"pool_id":"POOL","type":"TCP","delay":5,"timeout":3,"max_retries":3,"name":"\ud800"}}""")]
    [InlineData("pools", "pool", """{"pool":{"protocol":"TCP","lb_algorithm":"ROUND_ROBIN","loadbalancer_id":"LB","name":"\ud800"}}""")]
    [InlineData("pools/POOL/members", "member", """{"member":{"address":"192.0.2.10","protocol_port":80,"name":"a\u0000b"}}""")]
    [InlineData("pools/POOL/members", "member", """{"member":{"address":"\udfff","protocol_port":80}}""")]
    public async Task HuaweiCreate_MalformedString_Is400ElbInvalidParameter_NamingTheField(string collection, string wrapper, string body)
    {
        var projectId = Guid.NewGuid().ToString("N");
        using var elb = await HuaweiTestProject.CreateAsync(_server, projectId);
        var lb = await HuaweiTestProject.LoadBalancerAsync(_server, projectId);
        var pool = await elb.CreatePoolAsync(new { protocol = "TCP", lb_algorithm = "ROUND_ROBIN", loadbalancer_id = lb });
        var poolId = pool.Body.GetProperty("pool").GetProperty("id").GetString()!;
        var changes = _recorder.Changes.Count;

        using var response = await SendAsync(HttpMethod.Post, $"/v3/{projectId}/elb/{collection.Replace("POOL", poolId, StringComparison.Ordinal)}",
            body.Replace("POOL", poolId, StringComparison.Ordinal).Replace("\"LB\"", $"\"{lb}\"", StringComparison.Ordinal),
            ("X-Auth-Token", "hw-token-" + projectId));
        var answer = await ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ELB.8902", answer.GetProperty("error_code").GetString());
        Assert.Contains(wrapper + ".", answer.GetProperty("error_msg").GetString(), StringComparison.Ordinal);
        Assert.Equal(changes, _recorder.Changes.Count);
    }

    [Theory]
    [InlineData("/api/v1/ovh-credentials", """{"description":"\ud800"}""", "description")]
    [InlineData("/api/v1/access-keys", """{"description":"x\udc00"}""", "description")]
    [InlineData("/api/v1/loadbalancers", """{"name":"a\u0000b"}""", "name")]
    [InlineData("/api/v1/loadbalancers", """{"name":"lb","description":"\u0007"}""", "description")]
    public async Task NativeCreate_MalformedString_Is400ProblemNamingTheField(string path, string body, string field)
    {
        var before = (await _client.ApiGetAsync(path)).Text;
        var changes = _recorder.Changes.Count;

        var answer = await _client.ApiSendAsync(HttpMethod.Post, path, body);

        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (answer.Status, answer.MediaType));
        Assert.NotEmpty(answer.ErrorsOf(field));
        Assert.Equal(before, (await _client.ApiGetAsync(path)).Text);
        Assert.Equal(changes, _recorder.Changes.Count);
    }

    [Theory]
    [InlineData("DescribeInstances", """["\ud800"]""")]
    [InlineData("DescribeInstances", """["i-1","\u0000"]""")]
    public async Task EcsInstanceIds_MalformedString_Is400InvalidParameter(string action, string instanceIds)
    {
        var (keyId, secret) = await AlibabaTestFleet.IssueKeyAsync(_client);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Action"] = action,
            ["Version"] = "2014-05-26",
            ["RegionId"] = "cn-hangzhou",
            ["InstanceIds"] = instanceIds,
            ["Format"] = "JSON",
            ["Timestamp"] = TimeProvider.System.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["SignatureNonce"] = Guid.NewGuid().ToString("N"),
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureVersion"] = "1.0",
            ["AccessKeyId"] = keyId,
        };
        parameters["Signature"] = AlibabaTestSigner.V1Signature("POST", parameters, secret);

        using var response = await SendAsync(HttpMethod.Post, "/?" + AlibabaTestSigner.WireQuery(parameters), null);
        var answer = await ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("InstanceIds", answer.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/loadbalancers?name=a%00b", "errors")]
    [InlineData("/api/v1/pools/x%01y/members", "errors")]
    [InlineData("/v3/0123456789abcdef0123456789abcdef/elb/pools?name=%00", "error_code")]
    [InlineData("/1.0/ipLoadbalancing/lb%01/http/farm?zone=%00", "message")]
    public async Task PathOrQuery_WithNul_Is400InTheDialect_BeforeReachingTheStore(string target, string shapeField)
    {
        using var response = await SendAsync(HttpMethod.Get, target, null, ("Authorization", _client.DefaultRequestHeaders.Authorization!.ToString()));
        var answer = await ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(answer.TryGetProperty(shapeField, out _), answer.ToString());
        Assert.Contains("control character", answer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonAnswers_OfEverySurface_SendNosniff()
    {
        using var native = await SendAsync(HttpMethod.Get, "/api/v1/loadbalancers", null, ("Authorization", _client.DefaultRequestHeaders.Authorization!.ToString()));
        using var problem = await SendAsync(HttpMethod.Get, "/api/v1/loadbalancers", null);
        using var huawei = await SendAsync(HttpMethod.Get, "/v3/0123456789abcdef0123456789abcdef/elb/pools", null);
        using var alibaba = await SendAsync(HttpMethod.Post, "/?Action=DescribeInstances", null);
        using var ovh = await SendAsync(HttpMethod.Get, "/1.0/ipLoadbalancing", null);
        using var time = await SendAsync(HttpMethod.Get, "/1.0/auth/time", null);

        foreach (var response in new[] { native, problem, huawei, alibaba, ovh, time })
        {
            Assert.Contains("json", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string target, string? json, params (string Name, string Value)[] headers)
    {
        using var http = _server.Anonymous();
        using var request = new HttpRequestMessage(method, target);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
