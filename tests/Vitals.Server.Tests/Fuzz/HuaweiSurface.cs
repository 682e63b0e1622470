using System.Text.Json;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Dialects.Huawei;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Fuzz;

/// <summary>
/// Huawei ELB v3 (<c>/v3/{project_id}/elb/...</c> with <c>X-Auth-Token</c>): create, show, list, update and delete of
/// health monitors, pools and members, with wrapper objects and list filters mutated.
/// </summary>
internal sealed class HuaweiSurface(RecordingFleetObserver recorder, string projectId, string token, IReadOnlyDictionary<string, string> ids)
    : IFuzzSurface
{
    private static readonly string[] QueryNames =
    [
        "limit", "marker", "page_reverse", "id", "name", "pool_id", "loadbalancer_id", "listener_id", "address", "protocol_port", "weight",
        "operating_status", "type", "delay", "admin_state_up", "protocol", "lb_algorithm", "enterprise_project_id", "monitor_port",
    ];

    public static async Task<HuaweiSurface> StartAsync(RunningServer server, RecordingFleetObserver recorder)
    {
        var projectId = Guid.NewGuid().ToString("N");
        using var elb = await HuaweiTestProject.CreateAsync(server, projectId);
        var lb = await HuaweiTestProject.LoadBalancerAsync(server, projectId);
        var pool = await CreatedIdAsync(elb.CreatePoolAsync(new { protocol = "TCP", lb_algorithm = "ROUND_ROBIN", loadbalancer_id = lb, name = "p" }), "pool");
        var spare = await CreatedIdAsync(elb.CreatePoolAsync(new { protocol = "HTTP", lb_algorithm = "ROUND_ROBIN", loadbalancer_id = lb }), "pool");
        var monitored = await CreatedIdAsync(elb.CreatePoolAsync(new { protocol = "TCP", lb_algorithm = "ROUND_ROBIN", loadbalancer_id = lb }), "pool");
        var monitor = await CreatedIdAsync(elb.CreateHealthMonitorAsync(new
        {
            pool_id = monitored, type = "TCP", delay = 5, timeout = 3, max_retries = 3, max_retries_down = 3,
        }), "healthmonitor");
        var member = await CreatedIdAsync(elb.CreateMemberAsync(pool, new { address = FuzzFleet.MemberAddress, protocol_port = 80, weight = 1 }), "member");
        var ids = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["loadbalancer_id"] = lb, ["pool_id"] = pool, ["spare_pool"] = spare, ["healthmonitors"] = monitor, ["pools"] = pool, ["members"] = member,
        };
        return new HuaweiSurface(recorder, projectId, "hw-token-" + projectId, ids);
    }

    public FuzzRequest Next(Random random)
    {
        var project = random.Next(20) == 0 ? FuzzQuery.Hostile(random) : projectId;
        var root = $"/v3/{project}/elb/";
        var request = random.Next(10) switch
        {
            < 4 => Create(random, root),
            < 6 => Update(random, root),
            < 9 => Read(random, root),
            _ => new FuzzRequest(HttpMethod.Delete, root + FuzzValues.Pick(random, ["healthmonitors/", "pools/", $"pools/{ids["pools"]}/members/"])
                + FuzzQuery.Hostile(random)),
        };
        return request with { Headers = Token(random) };
    }

    public string? CheckError(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error_code", out _) && body.TryGetProperty("error_msg", out _)
            ? null
            : "Huawei's error_code and error_msg";

    public Task<string> DigestAsync() => Task.FromResult(recorder.Changes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<string> CreatedIdAsync(Task<HuaweiAnswer> created, string wrapper)
    {
        var answer = await created;
        Assert.True((int)answer.Status is 200 or 201, answer.ToString());
        return answer.Body.GetProperty(wrapper).GetProperty("id").GetString()!;
    }

    private KeyValuePair<string, string>[] Token(Random random) => random.Next(28) switch
    {
        0 => [],
        1 => [new("X-Auth-Token", "wrong")],
        2 => [new("X-Auth-Token", new string('t', 9000))],
        // AK/SK signatures that cannot verify: malformed, unknown AK, hostile signed headers and dates.
        3 => [new("Authorization", "SDK-HMAC-SHA256 " + FuzzQuery.Hostile(random))],
        4 => [new("Authorization", $"SDK-HMAC-SHA256 Access=AKFUZZ, SignedHeaders={FuzzQuery.Hostile(random)}, Signature=00"),
            new("X-Sdk-Date", FuzzQuery.Hostile(random))],
        5 => [new("Authorization", "SDK-HMAC-SHA256 Access=AKFUZZ0000000000000, SignedHeaders=host;x-sdk-date, Signature=" + FuzzQuery.Hostile(random)),
            new("X-Sdk-Date", "20260101T000000Z"), new("X-Project-Id", FuzzQuery.Hostile(random))],
        _ => [new("X-Auth-Token", token)],
    };

    private FuzzRequest Create(Random random, string root) => random.Next(3) switch
    {
        0 => FuzzBodies.Request(random, HttpMethod.Post, root + "healthmonitors", new FuzzJson().Add("healthmonitor", new FuzzJson()
            .Str("pool_id", ids["spare_pool"]).Str("type", "HTTP").Num("delay", 5).Num("timeout", 3).Num("max_retries", 3).Num("max_retries_down", 3)
            .Str("url_path", "/health").Str("http_method", "GET").Str("expected_codes", "200").Str("domain_name", "www.example.com").Str("name", "hm"))),
        1 => FuzzBodies.Request(random, HttpMethod.Post, root + "pools", new FuzzJson().Add("pool", new FuzzJson()
            .Str("protocol", "TCP").Str("lb_algorithm", "ROUND_ROBIN").Str("loadbalancer_id", ids["loadbalancer_id"]).Str("name", "p2"))),
        _ => FuzzBodies.Request(random, HttpMethod.Post, $"{root}pools/{FuzzQuery.Id(random, ids["pools"])}/members", new FuzzJson().Add("member",
            new FuzzJson().Str("address", FuzzFleet.MemberAddress).Num("protocol_port", 82).Num("weight", 1).Str("name", "m"))),
    };

    private FuzzRequest Update(Random random, string root) => random.Next(3) switch
    {
        0 => FuzzBodies.Request(random, HttpMethod.Put, root + "healthmonitors/" + FuzzQuery.Id(random, ids["healthmonitors"]),
            new FuzzJson().Add("healthmonitor", new FuzzJson().Num("delay", 6).Str("name", "hm2"))),
        1 => FuzzBodies.Request(random, HttpMethod.Put, root + "pools/" + FuzzQuery.Id(random, ids["pools"]),
            new FuzzJson().Add("pool", new FuzzJson().Str("name", "p3").Str("lb_algorithm", "LEAST_CONNECTIONS"))),
        _ => FuzzBodies.Request(random, HttpMethod.Put, $"{root}pools/{ids["pools"]}/members/{FuzzQuery.Id(random, ids["members"])}",
            new FuzzJson().Add("member", new FuzzJson().Num("weight", 3).Str("name", "m3"))),
    };

    private FuzzRequest Read(Random random, string root)
    {
        var path = random.Next(6) switch
        {
            0 => "healthmonitors",
            1 => "healthmonitors/" + FuzzQuery.Id(random, ids["healthmonitors"]),
            2 => "pools",
            3 => "pools/" + FuzzQuery.Id(random, ids["pools"]),
            4 => $"pools/{FuzzQuery.Id(random, ids["pools"])}/members",
            _ => $"pools/{ids["pools"]}/members/{FuzzQuery.Id(random, ids["members"])}",
        };
        return new FuzzRequest(HttpMethod.Get, root + path + FuzzQuery.Of(random, QueryNames, ids));
    }
}
