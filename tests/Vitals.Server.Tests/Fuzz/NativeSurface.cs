using System.Text.Json;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Fuzz;

/// <summary>
/// The native API (<c>/api/v1</c>, also what the web console calls): every create, update, read, list, delete and
/// health route with a project token, project administration with the admin token, <c>/metrics</c>. Members sit at
/// 192.0.2.10 (TEST-NET-1) with admin state down in a pool no monitor checks, and diagnose is only sent to ids that
/// do not exist: the fuzz never makes the server open a connection anywhere.
/// </summary>
internal sealed class NativeSurface(RunningServer server, RecordingFleetObserver recorder, HttpClient client, string token,
    string projectId, IReadOnlyDictionary<string, string> ids) : IFuzzSurface
{
    private static readonly string[] Kinds =
        ["loadbalancers", "listeners", "pools", "healthmonitors", "members", "instances", "haproxy-bindings", "webhooks", "alertmanagers"];

    private static readonly string[] QueryNames =
    [
        "limit", "marker", "page_reverse", "name", "id", "pool_id", "loadbalancer_id", "listener_id", "address", "protocol_port", "state",
        "operating_status", "count", "non_healthy_limit", "region", "type", "admin_state_up", "since",
    ];

    public static async Task<NativeSurface> StartAsync(RunningServer server, RecordingFleetObserver recorder)
    {
        var (projectId, client) = await server.CreateProjectAsync("fuzz-native");
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
        var ids = await FuzzFleet.CreateAsync(client);
        return new NativeSurface(server, recorder, client, token, projectId, ids);
    }

    public FuzzRequest Next(Random random)
    {
        var request = random.Next(20) switch
        {
            < 7 => Create(random),
            < 10 => Update(random),
            < 15 => Read(random),
            15 => new FuzzRequest(HttpMethod.Delete, $"/api/v1/{FuzzValues.Pick(random, Kinds)}/{FuzzQuery.Hostile(random)}"),
            16 => random.Next(4) == 0
                ? FuzzBodies.Request(random, HttpMethod.Post, $"/api/v1/webhooks/{FuzzQuery.Id(random, ids["webhooks"])}/rotate-secret",
                    new FuzzJson().Num("previous_secret_expires_in", 60))
                : FuzzBodies.Request(random, HttpMethod.Post, $"/api/v1/members/{FuzzQuery.Hostile(random)}/diagnose", new FuzzJson().Num("timeout_ms", 100)),
            17 => random.Next(2) == 0 ? Credential(random) : Token(random),
            18 => new FuzzRequest(HttpMethod.Get, "/metrics" + FuzzQuery.Of(random, ["name", "format", "x"])),
            _ => Project(random),
        };
        return request.Headers.Count > 0 ? request : request with { Headers = Auth(random, token) };
    }

    public string? CheckError(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("status", out _) && body.TryGetProperty("title", out _)
            ? null
            : "problem+json with status and title";

    public Task<string> DigestAsync() => Task.FromResult(recorder.Changes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A bearer token as clients send it; now and then none, a wrong one, or another scheme.</summary>
    public static KeyValuePair<string, string>[] Auth(Random random, string token) => random.Next(25) switch
    {
        0 => [],
        1 => [new("Authorization", "Bearer not-a-token")],
        2 => [new("Authorization", "Basic " + token)],
        3 => [new("Authorization", "Bearer " + new string('t', 5000))],
        _ => [new("Authorization", "Bearer " + token)],
    };

    private FuzzRequest Create(Random random)
    {
        var kind = FuzzValues.Pick(random, Kinds);
        return FuzzBodies.Request(random, HttpMethod.Post, "/api/v1/" + kind, FuzzFleet.Template(kind, ids));
    }

    private FuzzRequest Update(Random random)
    {
        var kind = FuzzValues.Pick(random, Kinds);
        var id = FuzzQuery.Id(random, ids[kind]);
        return FuzzBodies.Request(random, HttpMethod.Put, $"/api/v1/{kind}/{id}", FuzzFleet.UpdateTemplate(kind));
    }

    private FuzzRequest Read(Random random)
    {
        var kind = FuzzValues.Pick(random, Kinds);
        var target = random.Next(9) switch
        {
            0 => $"/api/v1/{kind}",
            1 => $"/api/v1/{kind}/{FuzzQuery.Id(random, ids[kind])}",
            2 => "/api/v1/health",
            3 => $"/api/v1/members/{FuzzQuery.Id(random, ids["members"])}/health",
            4 => $"/api/v1/members/{FuzzQuery.Id(random, ids["members"])}/history",
            5 => $"/api/v1/pools/{FuzzQuery.Id(random, ids["pools"])}/{FuzzValues.Pick(random, ["health", "members", "members/health"])}",
            6 => $"/api/v1/listeners/{FuzzQuery.Id(random, ids["listeners"])}/health",
            7 => $"/api/v1/instances/{FuzzQuery.Id(random, ids["instances"])}/health",
            _ => "/api/v1/" + FuzzValues.Pick(random, ["access-keys", "ovh-credentials", "huawei-credentials", "projects"]),
        };
        return new FuzzRequest(HttpMethod.Get, target + FuzzQuery.Of(random, QueryNames, ids));
    }

    private FuzzRequest Credential(Random random)
    {
        var path = random.Next(3) switch { 0 => "/api/v1/access-keys", 1 => "/api/v1/ovh-credentials", _ => "/api/v1/huawei-credentials" };
        var request = random.Next(5) == 0
            ? new FuzzRequest(HttpMethod.Delete, $"{path}/{FuzzQuery.Hostile(random)}")
            : FuzzBodies.Request(random, HttpMethod.Post, path, new FuzzJson().Str("description", "fuzz"));
        return request with { Digest = () => ListAsync(client, path) };
    }

    /// <summary>
    /// Named project tokens, through the project's own path or the admin's. Revoke and rotate only ever name ids that
    /// are not numbers, so the fuzz never withdraws the token it runs with.
    /// </summary>
    private FuzzRequest Token(Random random)
    {
        var asAdmin = random.Next(3) == 0;
        var path = asAdmin ? $"/api/v1/projects/{FuzzQuery.Id(random, projectId)}/tokens" : "/api/v1/tokens";
        var hostile = FuzzQuery.Hostile(random);
        var id = hostile.All(char.IsAsciiDigit) ? "x" + hostile : hostile;
        var request = random.Next(5) switch
        {
            0 => new FuzzRequest(HttpMethod.Delete, $"{path}/{id}"),
            1 => FuzzBodies.Request(random, HttpMethod.Post, $"{path}/{id}/rotate", new FuzzJson()),
            2 => new FuzzRequest(HttpMethod.Get, path + FuzzQuery.Of(random, QueryNames)),
            _ => FuzzBodies.Request(random, HttpMethod.Post, path, new FuzzJson().Str("name", "fuzz-token").Str("expires_at", "2031-01-01T00:00:00Z")),
        };
        return request with
        {
            Headers = asAdmin ? Auth(random, RunningServer.AdminToken) : Auth(random, token),
            Digest = () => ListAsync(client, "/api/v1/tokens"),
        };
    }

    private FuzzRequest Project(Random random)
    {
        var request = random.Next(4) == 0
            ? new FuzzRequest(HttpMethod.Get, "/api/v1/projects" + FuzzQuery.Of(random, QueryNames))
            : FuzzBodies.Request(random, HttpMethod.Post, "/api/v1/projects", new FuzzJson().Str("name", "fuzz-project"));
        return request with { Headers = Auth(random, RunningServer.AdminToken), Digest = ProjectsAsync };
    }

    private async Task<string> ProjectsAsync()
    {
        using var admin = server.Admin();
        return await ListAsync(admin, "/api/v1/projects");
    }

    /// <summary>The number of ids a list answer holds: what a refused create or revoke must leave alone.</summary>
    private static async Task<string> ListAsync(HttpClient client, string path)
    {
        var answer = await client.ApiGetAsync(path);
        return $"{path}:{(int)answer.Status}:{CountIds(answer.Body)}";
    }

    private static int CountIds(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Sum(p => Counts(p) + CountIds(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Sum(CountIds),
        _ => 0,
    };

    // An id counts once; a revoked one (revoked_at set) counts 1000 more, so a refused revoke that revoked shows.
    private static int Counts(JsonProperty property) => property.Name switch
    {
        "id" or "access_key_id" or "consumer_key" => 1,
        "revoked_at" when property.Value.ValueKind != JsonValueKind.Null => 1000,
        _ => 0,
    };
}
