using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Vitals.Control.Fleet;
using Vitals.Core.Monitoring;
using Vitals.Core.Resources;
using Vitals.Server.Tests.Support;
using Vitals.Storage;

namespace Vitals.Server.Tests.Dialects.Huawei;

/// <summary>The seed document's example request ("Querying Health Checks") and its example response, literally.</summary>
public sealed class HuaweiSeedExampleTests
{
    private const string SeedProject = "99a3fff0d03c428eac3678da6a7d0f24";

    /// <summary>The seed's example response, verbatim.</summary>
    private const string SeedResponse = """
        {
          "healthmonitors" : [ {
            "monitor_port" : null,
            "id" : "c2b210b2-60c4-449d-91e2-9e9ea1dd7441",
            "project_id" : "99a3fff0d03c428eac3678da6a7d0f24",
            "domain_name" : null,
            "name" : "My Healthmonitor update",
            "delay" : 10,
            "max_retries" : 10,
            "pools" : [ {
              "id" : "488acc50-6bcf-423d-8f0a-0f4184f5b8a0"
            } ],
            "admin_state_up" : true,
            "timeout" : 30,
            "type" : "HTTP",
            "expected_codes" : "200",
            "url_path" : "/",
            "http_method" : "GET"
          }, {
            "monitor_port" : null,
            "id" : "cda1af03-0660-4fd2-8edf-e38c79846e08",
            "project_id" : "99a3fff0d03c428eac3678da6a7d0f24",
            "domain_name" : "akik..un.com",
            "name" : "lijunqiu",
            "delay" : 50,
            "max_retries" : 1,
            "pools" : [ {
              "id" : "ae6e45ba-be84-4074-8ac6-bc4a56484809"
            } ],
            "admin_state_up" : false,
            "timeout" : 3,
            "type" : "UDP_CONNECT",
            "expected_codes" : null,
            "url_path" : "/world",
            "http_method" : null
          } ],
          "page_info" : {
            "next_marker" : "cda1af03-0660-4fd2-8edf-e38c79846e08",
            "previous_marker" : "c2b210b2-60c4-449d-91e2-9e9ea1dd7441",
            "current_count" : 2
          },
          "request_id" : "814bc40e-8b0a-4ced-b8e5-f136c3e1df6a"
        }
        """;

    [Fact]
    public async Task ListHealthMonitors_SeedExampleRequest_AnswersTheSeedExampleResponse()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = await HuaweiTestProject.CreateAsync(server, SeedProject);
        await SeedAsync(server);

        // GET https://{ELB_Endpoint}/v3/99a3fff0d03c428eac3678da6a7d0f24/elb/healthmonitors
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v3/99a3fff0d03c428eac3678da6a7d0f24/elb/healthmonitors");
        request.Headers.Add("X-Auth-Token", "hw-token-" + SeedProject);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var actual = JsonNode.Parse(text)!.AsObject();
        var expected = JsonNode.Parse(SeedResponse)!.AsObject();
        Assert.Equal(["healthmonitors", "page_info", "request_id"], actual.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.True(JsonNode.DeepEquals(expected["page_info"], actual["page_info"]), actual["page_info"]!.ToJsonString());
        Assert.Matches("^[0-9a-z-]+$", actual["request_id"]!.GetValue<string>());
        Assert.Equal(actual["request_id"]!.GetValue<string>(), response.Headers.GetValues("X-Request-Id").Single());

        var expectedMonitors = expected["healthmonitors"]!.AsArray();
        var actualMonitors = actual["healthmonitors"]!.AsArray();
        Assert.Equal(expectedMonitors.Count, actualMonitors.Count);
        for (var i = 0; i < expectedMonitors.Count; i++)
        {
            var want = expectedMonitors[i]!.AsObject();
            var got = actualMonitors[i]!.AsObject();
            foreach (var (key, value) in want)
            {
                Assert.True(got.ContainsKey(key), $"missing {key}");
                Assert.True(JsonNode.DeepEquals(value, got[key]), $"{key}: expected {value?.ToJsonString() ?? "null"}, got {got[key]?.ToJsonString() ?? "null"}");
            }

            // The spec's other keys, always present: nothing else.
            var extra = got.Select(p => p.Key).Except(want.Select(p => p.Key)).Order(StringComparer.Ordinal);
            Assert.Equal(["created_at", "max_retries_down", "updated_at"], extra);
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", got["created_at"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task ListHealthMonitors_SeedExampleResponse_DeserializesIntoTheClientModelAndBack()
    {
        // The client side of the round trip: the seed's JSON read by a model built from the spec and written again.
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        var model = JsonSerializer.Deserialize<SeedListModel>(SeedResponse, options)!;
        var written = JsonNode.Parse(JsonSerializer.Serialize(model, options));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(SeedResponse), written), written!.ToJsonString());
        await Task.CompletedTask;
    }

    /// <summary>The seed's two monitors, with its ids, through the store (ids kept) and the fleet observer (engine sync).</summary>
    private static async Task SeedAsync(RunningServer server)
    {
        var store = server.Services.GetRequiredService<IStore>();
        var observer = server.Services.GetRequiredService<IFleetObserver>();
        var token = TestContext.Current.CancellationToken;
        var lbId = await HuaweiTestProject.LoadBalancerAsync(server, SeedProject);
        async Task<T> Stored<T>(Task<StoreResult<T>> write)
            where T : Resource
        {
            var result = await write;
            Assert.True(result.IsOk, result.ToString());
            observer.OnUpserted(result.Value!);
            return result.Value!;
        }

        var httpPool = await Stored(store.CreateServerGroupAsync(new ServerGroup
        {
            Id = "488acc50-6bcf-423d-8f0a-0f4184f5b8a0", NumericId = 0, ProjectId = SeedProject, LoadBalancerId = lbId, Protocol = PoolProtocol.Http,
        }, token));
        var udpPool = await Stored(store.CreateServerGroupAsync(new ServerGroup
        {
            Id = "ae6e45ba-be84-4074-8ac6-bc4a56484809", NumericId = 0, ProjectId = SeedProject, LoadBalancerId = lbId, Protocol = PoolProtocol.Udp,
        }, token));

        // Both monitors pass the shared validator, as any client-created monitor must.
        Assert.True(HealthMonitorValidator.TryCreate(new HealthMonitorDraft
        {
            Type = "HTTP", Delay = 10, Timeout = 30, MaxRetries = 10, ExpectedCodes = "200", UrlPath = "/", HttpMethod = "GET", AdminStateUp = true,
        }, out var httpSpec, out _));
        Assert.True(HealthMonitorValidator.TryCreate(new HealthMonitorDraft
        {
            Type = "UDP_CONNECT", Delay = 50, Timeout = 3, MaxRetries = 1, DomainName = "akik..un.com", UrlPath = "/world", AdminStateUp = false,
        }, out var udpSpec, out _));
        await Stored(store.CreateHealthMonitorAsync(new HealthMonitor
        {
            Id = "c2b210b2-60c4-449d-91e2-9e9ea1dd7441", NumericId = 0, ProjectId = SeedProject, Name = "My Healthmonitor update",
            PoolId = httpPool.Id, Spec = httpSpec!,
        }, token));
        await Stored(store.CreateHealthMonitorAsync(new HealthMonitor
        {
            Id = "cda1af03-0660-4fd2-8edf-e38c79846e08", NumericId = 0, ProjectId = SeedProject, Name = "lijunqiu", PoolId = udpPool.Id, Spec = udpSpec!,
        }, token));
    }

    private sealed record SeedListModel(List<SeedMonitorModel> Healthmonitors, SeedPageInfoModel PageInfo, string RequestId);

    private sealed record SeedPageInfoModel(string NextMarker, string PreviousMarker, int CurrentCount);

    private sealed record SeedMonitorModel(int? MonitorPort, string Id, string ProjectId, string? DomainName, string Name, int Delay, int MaxRetries,
        List<SeedPoolRefModel> Pools, bool AdminStateUp, int Timeout, string Type, string? ExpectedCodes, string? UrlPath, string? HttpMethod);

    private sealed record SeedPoolRefModel(string Id);
}
