using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Vitals.Server.Dialects.Alibaba.Signing;
using Vitals.Testing;

namespace Vitals.Server.Tests.Dialects.Alibaba.Signing;

/// <summary>The real <c>@alicloud/openapi-client</c> signs requests to a loopback Kestrel; our verifiers must agree with it.</summary>
public sealed class AlibabaSdkInteropTests
{
    private static readonly string[] Packages = ["@alicloud/openapi-client", "@alicloud/openapi-util", "@alicloud/tea-util"];

    private readonly ConcurrentQueue<(bool Acs3, AlibabaAuthResult Result, IReadOnlyDictionary<string, string> Parameters)> _seen = new();

    private async Task<LoopbackDialectHost> StartAsync()
    {
        var authenticator = new AlibabaRequestAuthenticator(AlibabaTestSigner.Lookup(), new ManualTimeProvider(TimeProvider.System.GetUtcNow()));
        return await LoopbackDialectHost.StartAsync(async context =>
        {
            var request = await AlibabaRequestReader.ReadAsync(context.Request, AlibabaRequestReader.DefaultMaxBodyBytes, context.RequestAborted)
                ?? throw new InvalidOperationException("body over the cap");
            var result = await authenticator.AuthenticateAsync(request, context.RequestAborted);
            _seen.Enqueue((request.IsAcs3, result, request.Parameters));
            var requestId = Guid.NewGuid().ToString("D").ToUpperInvariant();
            context.Response.Headers["x-acs-request-id"] = requestId;
            context.Response.StatusCode = result.StatusCode;
            context.Response.ContentType = "application/json;charset=utf-8";
            object body = result.Succeeded
                ? new { RequestId = requestId, Verified = true, Action = request.Action, ProjectId = result.ProjectId }
                : new { RequestId = requestId, HostId = request.Host, Code = result.Code, Message = result.Message, Recommend = "https://example.invalid" };
            await context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
        });
    }

    private static Task<IReadOnlyList<JsonElement>> CallAsync(int port, string signature, string accessKeyId = AlibabaTestSigner.AccessKeyId,
        string secret = AlibabaTestSigner.Secret) =>
        NodeClient.RunAsync("alibaba-call.js", new
        {
            endpoint = $"127.0.0.1:{port}",
            accessKeyId,
            accessKeySecret = secret,
            signature,
            action = "GetListenerHealthStatus",
            version = "2022-04-30",
            query = new Dictionary<string, object>
            {
                ["RegionId"] = "cn-hangzhou",
                ["MaxResults"] = 20,
                ["ListenerId"] = "lsn-capture@80",
                ["NextToken"] = "a b*c(d)!'~é+&=",
            },
        }, Packages, cancellationToken: TestContext.Current.CancellationToken);

    [Theory]
    [InlineData("acs3", true)]
    [InlineData("v2", false)]
    public async Task OfficialClient_SignedRequest_IsVerified(string signature, bool expectAcs3)
    {
        await using var host = await StartAsync();

        var output = (await CallAsync(host.Port, signature))[0];

        Assert.True(output.GetProperty("ok").GetBoolean(), output.ToString());
        Assert.True(output.GetProperty("body").GetProperty("Verified").GetBoolean());
        var (acs3, result, parameters) = Assert.Single(_seen);
        Assert.Equal(expectAcs3, acs3);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("a b*c(d)!'~é+&=", parameters["NextToken"]);
    }

    [Theory]
    [InlineData("acs3", AlibabaErrorCodes.IncompleteSignature)]
    [InlineData("v2", AlibabaErrorCodes.SignatureDoesNotMatch)]
    public async Task OfficialClient_WrongSecret_SeesTheAlibabaErrorCode(string signature, string expectedCode)
    {
        await using var host = await StartAsync();

        var output = (await CallAsync(host.Port, signature, secret: "not-the-secret"))[0];

        Assert.False(output.GetProperty("ok").GetBoolean(), output.ToString());
        Assert.Equal(expectedCode, output.GetProperty("code").GetString());
        Assert.Equal(400, output.GetProperty("statusCode").GetInt32());
        Assert.Contains("server string to sign is:", output.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("acs3")]
    [InlineData("v2")]
    public async Task OfficialClient_UnknownAccessKey_Sees404NotFound(string signature)
    {
        await using var host = await StartAsync();

        var output = (await CallAsync(host.Port, signature, accessKeyId: "nosuch"))[0];

        Assert.Equal(AlibabaErrorCodes.InvalidAccessKeyIdNotFound, output.GetProperty("code").GetString());
        Assert.Equal(404, output.GetProperty("statusCode").GetInt32());
    }
}
