using System.Text.Json;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Dialects.Huawei;

/// <summary>
/// The official Huawei SDK core (<c>tests/interop/huawei-call.js</c>: <c>BasicCredentials</c> + <c>ClientBuilder</c>)
/// signing ELB v3 calls with an AK/SK against a running server.
/// </summary>
internal sealed record HuaweiSdk(Uri BaseAddress, string Ak, string Sk, string ProjectId)
{
    private static readonly string[] Packages = ["@huaweicloud/huaweicloud-sdk-core", "uuid"];

    /// <summary>A project (Huawei-style id) with its token client, and an AK/SK issued to it through the native API.</summary>
    public static async Task<(HuaweiSdk Sdk, HuaweiElbClient Token)> CreateAsync(RunningServer server, string projectId)
    {
        var token = await HuaweiTestProject.CreateAsync(server, projectId);
        var (ak, sk) = await IssueAsync(server, projectId);
        return (new HuaweiSdk(server.BaseAddress, ak, sk, projectId), token);
    }

    /// <summary>Issues an AK/SK for a project made by <see cref="HuaweiTestProject"/>.</summary>
    public static async Task<(string Ak, string Sk)> IssueAsync(RunningServer server, string projectId)
    {
        using var client = server.WithToken("hw-token-" + projectId);
        var created = await client.ApiPostAsync("/api/v1/huawei-credentials", new { description = "sdk" });
        Assert.True(created.Status == System.Net.HttpStatusCode.Created, created.ToString());
        return (created.Str("access"), created.Str("secret"));
    }

    /// <summary>Runs the calls in one SDK client, in order; one result per call.</summary>
    public async Task<IReadOnlyList<HuaweiSdkResult>> RunAsync(params HuaweiSdkCall[] calls)
    {
        var lines = await NodeClient.RunAsync("huawei-call.js",
            new
            {
                endpoint = BaseAddress.ToString().TrimEnd('/'),
                ak = Ak,
                sk = Sk,
                projectId = ProjectId,
                calls = calls.Select(static c => new { method = c.Method, url = c.Url, pathParams = c.PathParams, queryParams = c.QueryParams, headers = c.Headers, body = c.Body }),
            },
            Packages, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(calls.Length, lines.Count);
        return [.. lines.Select(static l => new HuaweiSdkResult(l))];
    }

    public async Task<HuaweiSdkResult> CallAsync(HuaweiSdkCall call) => (await RunAsync(call))[0];
}

/// <summary>One call as a generated service client builds it: url with <c>{project_id}</c> and path parameters in braces.</summary>
internal sealed record HuaweiSdkCall(string Method, string Url, object? PathParams = null, object? QueryParams = null, object? Body = null,
    object? Headers = null)
{
    public static HuaweiSdkCall Get(string url, object? pathParams = null, object? query = null, object? headers = null) =>
        new("GET", url, pathParams, query, null, headers);
}

/// <summary>What the SDK made of an answer: the body (<c>httpStatusCode</c> removed) or its exception's fields.</summary>
internal sealed record HuaweiSdkResult(JsonElement Line)
{
    public bool Ok => Line.GetProperty("ok").GetBoolean();

    public int Status => Line.GetProperty("status").GetInt32();

    public JsonElement Value => Line.GetProperty("value");

    public string? Code => Line.TryGetProperty("code", out var c) ? c.GetString() : null;

    public string? Message => Line.TryGetProperty("message", out var m) ? m.GetString() : null;

    public override string ToString() => Line.GetRawText();
}
