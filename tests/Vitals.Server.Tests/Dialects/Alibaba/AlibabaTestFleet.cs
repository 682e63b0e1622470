using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Dialects.Alibaba;

/// <summary>
/// A running <c>vitals serve</c> with one project, an AccessKey issued through the native API, helpers to build a fleet
/// through the native API, and the official Node SDKs (tests/interop) pointed at it.
/// </summary>
internal sealed class AlibabaTestFleet : IAsyncDisposable
{
    public static readonly string[] OpenApiPackages = ["@alicloud/openapi-client", "@alicloud/openapi-util", "@alicloud/tea-util"];
    public static readonly string[] EcsPackages = ["@alicloud/ecs20140526", "@alicloud/openapi-core", "@alicloud/credentials"];

    private AlibabaTestFleet(RunningServer server, string projectId, HttpClient client, string keyId, string secret)
    {
        Server = server;
        ProjectId = projectId;
        Client = client;
        AccessKeyId = keyId;
        AccessKeySecret = secret;
    }

    public RunningServer Server { get; }

    public string ProjectId { get; }

    /// <summary>The project's native API client (bearer token).</summary>
    public HttpClient Client { get; }

    public string AccessKeyId { get; }

    public string AccessKeySecret { get; }

    public string Endpoint => $"127.0.0.1:{Server.BaseAddress.Port}";

    public static async Task<AlibabaTestFleet> StartAsync(Action<IServiceCollection>? configure = null)
    {
        var server = await RunningServer.StartAsync(configure);
        var (projectId, client) = await server.CreateProjectAsync("alibaba");
        var (id, secret) = await IssueKeyAsync(client);
        return new AlibabaTestFleet(server, projectId, client, id, secret);
    }

    public static async Task<(string Id, string Secret)> IssueKeyAsync(HttpClient client)
    {
        var created = await client.ApiPostAsync("/api/v1/access-keys", new { description = "sdk" });
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        return (created.Str("access_key_id"), created.Str("access_key_secret"));
    }

    public async Task<string> LoadBalancerAsync(HttpClient? client = null, string region = "cn-hangzhou") =>
        (await (client ?? Client).CreateAsync("/api/v1/loadbalancers", new { name = "nlb-" + Guid.NewGuid().ToString("N")[..8], region })).Id;

    /// <summary>A TCP listener with a TCP pool as its default pool, checked every second (rise 1, fall 1) unless unmonitored.</summary>
    public async Task<(string ListenerId, string PoolId)> ListenerAsync(string loadBalancerId, int port = 8080, bool monitored = true,
        HttpClient? client = null)
    {
        client ??= Client;
        var listener = (await client.CreateAsync("/api/v1/listeners", new { loadbalancer_id = loadBalancerId, protocol = "TCP", protocol_port = port })).Id;
        var pool = (await client.CreateAsync("/api/v1/pools", new { loadbalancer_id = loadBalancerId, listener_id = listener, protocol = "TCP" })).Id;
        if (monitored)
        {
            await client.CreateAsync("/api/v1/healthmonitors", new { pool_id = pool, type = "TCP", delay = 1, timeout = 1, max_retries = 1, max_retries_down = 1 });
        }

        return (listener, pool);
    }

    public async Task<string> MemberAsync(string poolId, int port, int weight = 1, string? instanceId = null, string address = "127.0.0.1",
        HttpClient? client = null) =>
        (await (client ?? Client).CreateAsync("/api/v1/members", new { pool_id = poolId, address, protocol_port = port, weight, instance_id = instanceId })).Id;

    public async Task<string> InstanceAsync(string name, string region = "cn-hangzhou", string? nodeExporterUrl = null, object[]? windows = null,
        HttpClient? client = null) =>
        (await (client ?? Client).CreateAsync("/api/v1/instances", new
        {
            name, region, address = "127.0.0.1", node_exporter_url = nodeExporterUrl, maintenance_windows = windows ?? [],
        })).Id;

    /// <summary>One NLB call through the generic OpenAPI client (alibaba-call.js).</summary>
    public async Task<JsonElement> NlbAsync(string signature, Dictionary<string, object> query, string? accessKeyId = null, string? secret = null,
        string action = "GetListenerHealthStatus", string version = "2022-04-30") =>
        (await NodeClient.RunAsync("alibaba-call.js", new
        {
            endpoint = Endpoint,
            accessKeyId = accessKeyId ?? AccessKeyId,
            accessKeySecret = secret ?? AccessKeySecret,
            signature,
            action,
            version,
            query,
        }, OpenApiPackages, cancellationToken: TestContext.Current.CancellationToken))[0];

    /// <summary>ECS calls through the official ECS SDK (alibaba-ecs.js); one JSON line per call (or per followed page).</summary>
    public Task<IReadOnlyList<JsonElement>> EcsAsync(string signature, object[] calls, string? accessKeyId = null, string? secret = null) =>
        NodeClient.RunAsync("alibaba-ecs.js", new
        {
            endpoint = Endpoint,
            accessKeyId = accessKeyId ?? AccessKeyId,
            accessKeySecret = secret ?? AccessKeySecret,
            signature,
            calls,
        }, EcsPackages, cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>
    /// ECS calls with the SDK's default credentials chain: no key in the client configuration, the pair in
    /// ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET, only the endpoint pointed at Vitals.
    /// </summary>
    public Task<IReadOnlyList<JsonElement>> EcsWithDefaultCredentialsAsync(object[] calls) =>
        NodeClient.RunAsync("alibaba-ecs.js", new { endpoint = Endpoint, credentials = "default", signature = "acs3", calls }, EcsPackages,
            new Dictionary<string, string>
            {
                ["ALIBABA_CLOUD_ACCESS_KEY_ID"] = AccessKeyId,
                ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = AccessKeySecret,
            },
            TestContext.Current.CancellationToken);

    /// <summary>Asserts an SDK error: the code, the HTTP status, and Alibaba's error body as the SDK parsed it.</summary>
    public void AssertError(JsonElement output, string code, int status)
    {
        Assert.False(output.GetProperty("ok").GetBoolean(), output.ToString());
        Assert.Equal(code, output.GetProperty("code").GetString());
        Assert.Equal(status, output.GetProperty("statusCode").GetInt32());
        var data = output.GetProperty("data");
        Assert.Equal(code, data.GetProperty("Code").GetString());
        Assert.Equal(Endpoint, data.GetProperty("HostId").GetString());
        Assert.Matches("^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$", data.GetProperty("RequestId").GetString());
        Assert.False(string.IsNullOrEmpty(data.GetProperty("Message").GetString()));
        Assert.StartsWith("https://", data.GetProperty("Recommend").GetString(), StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
