using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Vitals.Server.Dialects.Ovh.Signing;
using Vitals.Testing;

namespace Vitals.Server.Tests.Dialects.Ovh.Signing;

/// <summary>
/// The real <c>@ovhcloud/node-ovh</c> calls a loopback HTTPS Kestrel whose clock runs an hour ahead: the client must
/// correct its timestamps from <c>/1.0/auth/time</c> and sign the port-less URL, and our verifier must agree.
/// </summary>
public sealed class OvhSdkInteropTests
{
    private static readonly string[] Packages = ["@ovhcloud/node-ovh"];

    private readonly ManualTimeProvider _serverClock = new(TimeProvider.System.GetUtcNow().AddHours(1));
    private readonly ConcurrentQueue<(OvhRequest Request, OvhAuthResult Result)> _seen = new();

    private async Task<LoopbackDialectHost> StartAsync()
    {
        var verifier = new OvhSignatureVerifier(OvhSignatureVerifierTests.Lookup(), _serverClock,
            new OvhSignatureOptions { AcceptUrlWithPort = false });
        return await LoopbackDialectHost.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            if (context.Request.Path == "/1.0/auth/time")
            {
                await context.Response.WriteAsync(OvhAuthTime.Now(_serverClock).ToString(CultureInfo.InvariantCulture), context.RequestAborted);
                return;
            }

            var request = await OvhRequestReader.ReadAsync(context.Request, OvhRequestReader.DefaultMaxBodyBytes, context.RequestAborted)
                ?? throw new InvalidOperationException("body over the cap");
            var result = await verifier.VerifyAsync(request, context.RequestAborted);
            _seen.Enqueue((request, result));
            context.Response.StatusCode = result.StatusCode;
            object body = result.Succeeded
                ? new { verified = true, target = request.RawTarget, body = Encoding.UTF8.GetString(request.Body.Span) }
                : new { errorCode = result.ErrorCode, httpCode = result.HttpCode, message = result.Message };
            await context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
        }, LoopbackCertificate.Create("127.0.0.1"));
    }

    private static Task<IReadOnlyList<JsonElement>> CallAsync(int port, string appSecret, object[] calls) =>
        NodeClient.RunAsync("ovh-call.js", new
        {
            host = "127.0.0.1",
            port,
            appKey = "testAK",
            appSecret,
            consumerKey = "testCK",
            calls,
        }, Packages, new Dictionary<string, string> { ["NODE_TLS_REJECT_UNAUTHORIZED"] = "0" }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task OfficialClient_GetWithPathParamsQueryAndPutBody_AreVerified()
    {
        await using var host = await StartAsync();
        object[] calls =
        [
            new { method = "GET", path = "/ipLoadbalancing/{serviceName}/http/farm/{farmId}/server/{serverId}",
                  @params = new { serviceName = "loadbalancer-capture", farmId = 1, serverId = 2 } },
            new { method = "GET", path = "/ipLoadbalancing/loadbalancer-capture/http/farm/1/server",
                  @params = new { status = "active", address = "10.0.0.1" } },
            new { method = "PUT", path = "/ipLoadbalancing/loadbalancer-capture/tcp/farm/1/server/2",
                  @params = new { weight = 5, displayName = "caf\u00e9 & co" } },
        ];

        var output = await CallAsync(host.Port, "testAS", calls);

        Assert.Equal(3, output.Count);
        Assert.All(output, line => Assert.True(line.GetProperty("ok").GetBoolean(), line.ToString()));
        Assert.Equal("/1.0/ipLoadbalancing/loadbalancer-capture/http/farm/1/server/2", output[0].GetProperty("value").GetProperty("target").GetString());
        Assert.Contains("status=active", output[1].GetProperty("value").GetProperty("target").GetString(), StringComparison.Ordinal);
        Assert.Contains("\\u00e9", output[2].GetProperty("value").GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.All(_seen, seen => Assert.StartsWith("127.0.0.1:", seen.Request.Host, StringComparison.Ordinal));
        Assert.All(_seen, seen => Assert.True(seen.Result.Succeeded, seen.Result.Message));
    }

    [Fact]
    public async Task OfficialClient_WrongSecret_RejectedWithInvalidSignature()
    {
        await using var host = await StartAsync();

        var output = await CallAsync(host.Port, "bad-secret",
            [new { method = "GET", path = "/ipLoadbalancing/loadbalancer-capture/instancesState" }]);

        var line = Assert.Single(output);
        Assert.False(line.GetProperty("ok").GetBoolean());
        Assert.Equal(400, line.GetProperty("error").GetInt32());
        Assert.Equal("Invalid signature", line.GetProperty("message").GetString());
    }
}
