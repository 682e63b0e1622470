using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vitals.Control.Fleet;
using Vitals.Control.Traffic;
using Vitals.Core.Resources;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Traffic;

/// <summary>
/// <c>/api/v1/haproxy-bindings</c> on a running server: every field round-trips, every bad input is a 400 naming its
/// field with nothing written, the socket and target policies refuse what a tenant must not reach, other projects see 404.
/// </summary>
public sealed class HaproxyBindingEndpointsTests
{
    private const string Path = "/api/v1/haproxy-bindings";

    [Fact]
    public async Task Binding_RoundTrip_KeepsEveryFieldAndUpdatesOnlyWhatIsSent()
    {
        var recorder = new RecordingFleetObserver();
        await using var server = await RunningServer.StartAsync(configure: services => services.AddSingleton<IFleetObserver>(recorder));
        var (projectId, client) = await server.CreateProjectAsync();
        using var _ = client;
        var lb = await client.CreateAsync("/api/v1/loadbalancers", new { name = "edge" });
        var pool = await client.CreateAsync("/api/v1/pools", new { name = "web", loadbalancer_id = lb.Id, protocol = "HTTP" });

        var created = await client.CreateAsync(Path, new
        {
            name = "haproxy-1", description = "the first box", loadbalancer_id = lb.Id, runtime_api = "unix:/run/haproxy/admin.sock",
            backends = new Dictionary<string, string> { [pool.Id] = "be_web" }, manage_servers = true,
        });

        Assert.StartsWith("hab-", created.Id, StringComparison.Ordinal);
        Assert.Equal((projectId, "haproxy-1", "the first box", lb.Id, "unix:/run/haproxy/admin.sock"),
            (created.Str("project_id"), created.Str("name"), created.Str("description"), created.Str("loadbalancer_id"), created.Str("runtime_api")));
        Assert.Equal("be_web", created.Body.GetProperty("backends").GetProperty(pool.Id).GetString());
        Assert.True(created.Body.GetProperty("manage_servers").GetBoolean());
        Assert.True(created.Body.GetProperty("admin_state_up").GetBoolean());
        // The sync starts at once; nothing listens on that socket, so it is pending or already failed.
        Assert.Contains(created.Body.GetProperty("sync").GetProperty("state").GetString(), new[] { "pending", "error" });
        var read = await client.ApiGetAsync($"{Path}/{created.Id}");
        Assert.Equal(WithoutSync(created.Text), WithoutSync(read.Text));

        var updated = await client.ApiPutAsync($"{Path}/{created.Id}", new { description = "renamed", admin_state_up = false });
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal(("haproxy-1", "renamed", "unix:/run/haproxy/admin.sock"), (updated.Str("name"), updated.Str("description"), updated.Str("runtime_api")));
        Assert.False(updated.Body.GetProperty("admin_state_up").GetBoolean());
        Assert.True(updated.Body.GetProperty("manage_servers").GetBoolean());
        Assert.Equal("be_web", updated.Body.GetProperty("backends").GetProperty(pool.Id).GetString());

        var cleared = await client.ApiPutAsync($"{Path}/{created.Id}", new { backends = new Dictionary<string, string>(), runtime_api = "10.1.2.3:9999" });
        Assert.Equal(HttpStatusCode.OK, cleared.Status);
        Assert.Empty(cleared.Body.GetProperty("backends").EnumerateObject());
        Assert.Equal("10.1.2.3:9999", cleared.Str("runtime_api"));

        Assert.Equal(HttpStatusCode.Conflict, (await client.ApiDeleteAsync($"/api/v1/loadbalancers/{lb.Id}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await client.ApiDeleteAsync($"{Path}/{created.Id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ApiGetAsync($"{Path}/{created.Id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ApiDeleteAsync($"{Path}/{created.Id}")).Status);

        var bindingChanges = recorder.Changes.Where(c => c.Resource is HaproxyBinding).Select(c => c.Change).ToList();
        Assert.Equal(["upserted", "upserted", "upserted", "deleted"], bindingChanges);
        var last = Assert.IsType<HaproxyBinding>(recorder.Changes.Last(c => c.Resource is HaproxyBinding).Resource);
        Assert.Equal(("10.1.2.3:9999", false, true), (last.RuntimeApi, last.AdminStateUp, last.ManageServers));
        Assert.Equal(HttpStatusCode.NoContent, (await client.ApiDeleteAsync($"/api/v1/pools/{pool.Id}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await client.ApiDeleteAsync($"/api/v1/loadbalancers/{lb.Id}")).Status);
    }

    [Fact]
    public async Task List_FiltersByLoadBalancerAndPages()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var lb1 = await client.CreateAsync("/api/v1/loadbalancers", new { name = "a" });
        var lb2 = await client.CreateAsync("/api/v1/loadbalancers", new { name = "b" });
        var ofLb1 = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ofLb1.Add((await client.CreateAsync(Path, new { name = $"h{i}", loadbalancer_id = lb1.Id, runtime_api = $"/run/haproxy/{i}.sock" })).Id);
            await client.CreateAsync(Path, new { name = $"h{i}", loadbalancer_id = lb2.Id, runtime_api = $"10.0.0.{i + 1}:9999" });
        }

        var first = await client.ApiGetAsync($"{Path}?loadbalancer_id={lb1.Id}&limit=2");
        var second = await client.ApiGetAsync($"{Path}?loadbalancer_id={lb1.Id}&limit=2&marker={first.Str("next_marker")}");
        var all = await client.ApiGetAsync(Path);
        var badMarker = await client.ApiGetAsync($"{Path}?marker=hab-nothing");

        Assert.Equal(3, first.Int("total_count"));
        Assert.Equal(ofLb1, Ids(first).Concat(Ids(second)));
        Assert.Equal(JsonValueKind.Null, second.Body.GetProperty("next_marker").ValueKind);
        Assert.Equal(6, all.Int("total_count"));
        Assert.Equal(HttpStatusCode.BadRequest, badMarker.Status);
        Assert.NotEmpty(badMarker.ErrorsOf("marker"));
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { "{}", "loadbalancer_id,runtime_api" },
        { "{\"loadbalancer_id\": \"{lb}\", \"runtime_api\": \"relative/admin.sock\"}", "runtime_api" },
        { "{\"loadbalancer_id\": \"{lb}\", \"runtime_api\": \"unix:/run/haproxy/../../var/run/docker.sock\"}", "runtime_api" },
        { "{\"loadbalancer_id\": \"{lb}\", \"runtime_api\": \"/var/run/docker.sock\"}", "runtime_api" },
        { "{\"loadbalancer_id\": \"{lb}\", \"runtime_api\": \"/run/haproxy\"}", "runtime_api" },
        { "{\"loadbalancer_id\": \"{lb}\", \"runtime_api\": \"169.254.169.254:80\"}", "runtime_api" },
        { "{\"loadbalancer_id\": \"{lb}\", \"runtime_api\": \"haproxy.example:9999\"}", "runtime_api" },
        { "{\"loadbalancer_id\": \"{lb}\", \"runtime_api\": \"10.0.0.1:0\"}", "runtime_api" },
        { "{\"loadbalancer_id\": \"{lb}\", \"runtime_api\": \"10.0.0.1\"}", "runtime_api" },
        { "{\"loadbalancer_id\": \"{lb}\", \"runtime_api\": \"::1:9999\"}", "runtime_api" },
        { "{\"loadbalancer_id\": \"{lb}\", \"runtime_api\": 9999}", "runtime_api" },
        { "{\"loadbalancer_id\": \"{lb}\", \"runtime_api\": null}", "runtime_api" },
        { "{\"loadbalancer_id\": \"{lb}\", \"runtime_api\": \"/run/haproxy/a.sock\", \"backends\": \"web\"}", "backends" },
        { "{\"loadbalancer_id\": \"{lb}\", \"runtime_api\": \"/run/haproxy/a.sock\", \"backends\": {\"{pool}\": 5}}", "backends.{pool}" },
        { "{\"loadbalancer_id\": \"{lb}\", \"runtime_api\": \"/run/haproxy/a.sock\", \"backends\": {\"{pool}\": \"two words\"}}", "backends.{pool}" },
        { "{\"loadbalancer_id\": \"{lb}\", \"runtime_api\": \"/run/haproxy/a.sock\", \"backends\": {\"sgp-unknown\": \"be\"}}", "backends.sgp-unknown" },
        { "{\"loadbalancer_id\": \"{lb}\", \"runtime_api\": \"/run/haproxy/a.sock\", \"manage_servers\": \"yes\", \"admin_state_up\": 1}",
            "manage_servers,admin_state_up" },
        { "{\"loadbalancer_id\": \"{lb}\", \"runtime_api\": \"/run/haproxy/a.sock\", \"description\": \"" + new string('d', 256) + "\"}", "description" },
        { "{\"loadbalancer_id\": \"{lb}\", \"runtime_api\": \"/run/haproxy/a.sock\", \"name\": \"" + new string('n', 256) + "\"}", "name" },
        { "{\"loadbalancer_id\": \"{lb}\", \"runtime_api\": \"/run/haproxy/a.sock\", \"sync\": {}}", "sync" },
        { "{\"loadbalancer_id\": \"{lb}\", \"runtime_api\": \"/run/haproxy/a.sock\", \"backends\": {\"\": \"be\"}}", "backends" },
        { "{\"loadbalancer_id\": \"{lb}\", \"runtime_api\": \"/run/haproxy/a.sock\", \"backends\": {\"{pool}\": \"" + new string('b', 256) + "\"}}",
            "backends.{pool}" },
        { "{\"loadbalancer_id\": \"{lb}\", \"runtime_api\": \"/run/haproxy/" + new string('s', 100) + ".sock\"}", "runtime_api" },
        { "{\"loadbalancer_id\": \"{lb}\", \"runtime_api\": \"[fe80::1%lo]:9999\"}", "runtime_api" },
        { "{\"loadbalancer_id\": 7, \"runtime_api\": \"/run/haproxy/a.sock\"}", "loadbalancer_id" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Create_BadInput_Is400NamingEachFieldAndWritesNothing(string body, string fields)
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var lb = await client.CreateAsync("/api/v1/loadbalancers", new { name = "edge" });
        var pool = await client.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb.Id, protocol = "TCP" });

        var answer = await client.ApiSendAsync(HttpMethod.Post, Path, body.Replace("{lb}", lb.Id, StringComparison.Ordinal)
            .Replace("{pool}", pool.Id, StringComparison.Ordinal));

        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
        Assert.Equal("application/problem+json", answer.MediaType);
        foreach (var field in fields.Replace("{pool}", pool.Id, StringComparison.Ordinal).Split(','))
        {
            Assert.True(answer.ErrorsOf(field).Count > 0, $"{field} not named in {answer.Text}");
        }

        Assert.Equal(0, (await client.ApiGetAsync(Path)).Int("total_count"));
    }

    [Fact]
    public async Task Create_PolicyRefusals_NameTheRule()
    {
        await using var server = await RunningServer.StartAsync(options: o => o.AllowTargets = []);
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var lb = await client.CreateAsync("/api/v1/loadbalancers", new { name = "edge" });

        var docker = await client.ApiPostAsync(Path, new { loadbalancer_id = lb.Id, runtime_api = "/var/run/docker.sock" });
        var escape = await client.ApiPostAsync(Path, new { loadbalancer_id = lb.Id, runtime_api = "/run/haproxy/../../var/run/docker.sock" });
        var loopback = await client.ApiPostAsync(Path, new { loadbalancer_id = lb.Id, runtime_api = "127.0.0.1:9999" });
        var metadata = await client.ApiPostAsync(Path, new { loadbalancer_id = lb.Id, runtime_api = "[fd00:ec2::254]:80" });

        Assert.Contains("--allow-sockets", Assert.Single(docker.ErrorsOf("runtime_api")), StringComparison.Ordinal);
        Assert.Contains("'..'", Assert.Single(escape.ErrorsOf("runtime_api")), StringComparison.Ordinal);
        Assert.Contains("loopback", Assert.Single(loopback.ErrorsOf("runtime_api")), StringComparison.Ordinal);
        Assert.Contains("--allow-targets", Assert.Single(loopback.ErrorsOf("runtime_api")), StringComparison.Ordinal);
        Assert.Contains("cloud metadata", Assert.Single(metadata.ErrorsOf("runtime_api")), StringComparison.Ordinal);
        Assert.Equal(0, (await client.ApiGetAsync(Path)).Int("total_count"));
    }

    [Fact]
    public async Task AllowSockets_ReplacesTheDefaultDirectories()
    {
        await using var server = await RunningServer.StartAsync(options: o => o.AllowSockets = ["/srv/lb/sockets, /opt/haproxy"]);
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var lb = await client.CreateAsync("/api/v1/loadbalancers", new { name = "edge" });

        var allowed = await client.ApiPostAsync(Path, new { loadbalancer_id = lb.Id, runtime_api = "/srv/lb/sockets/./admin.sock" });
        var defaultDir = await client.ApiPostAsync(Path, new { loadbalancer_id = lb.Id, runtime_api = "/run/haproxy/admin.sock" });
        var sibling = await client.ApiPostAsync(Path, new { loadbalancer_id = lb.Id, runtime_api = "/opt/haproxy-evil/admin.sock" });

        Assert.Equal(HttpStatusCode.Created, allowed.Status);
        Assert.Contains("/srv/lb/sockets, /opt/haproxy", Assert.Single(defaultDir.ErrorsOf("runtime_api")), StringComparison.Ordinal);
        Assert.Single(sibling.ErrorsOf("runtime_api"));
    }

    [Fact]
    public async Task Create_UnknownLoadBalancerOrAPoolOfAnother_IsRefused()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var lb = await client.CreateAsync("/api/v1/loadbalancers", new { name = "a" });
        var other = await client.CreateAsync("/api/v1/loadbalancers", new { name = "b" });
        var otherPool = await client.CreateAsync("/api/v1/pools", new { loadbalancer_id = other.Id, protocol = "TCP" });

        var unknown = await client.ApiPostAsync(Path, new { loadbalancer_id = "lb-nothing", runtime_api = "/run/haproxy/a.sock" });
        var foreignPool = await client.ApiPostAsync(Path, new
        {
            loadbalancer_id = lb.Id, runtime_api = "/run/haproxy/a.sock", backends = new Dictionary<string, string> { [otherPool.Id] = "be" },
        });

        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal(HttpStatusCode.BadRequest, foreignPool.Status);
        Assert.Contains(lb.Id, Assert.Single(foreignPool.ErrorsOf($"backends.{otherPool.Id}")), StringComparison.Ordinal);
        Assert.Equal(0, (await client.ApiGetAsync(Path)).Int("total_count"));
    }

    [Fact]
    public async Task Update_BadInput_Is400AndChangesNothing()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var lb = await client.CreateAsync("/api/v1/loadbalancers", new { name = "a" });
        var other = await client.CreateAsync("/api/v1/loadbalancers", new { name = "b" });
        var binding = await client.CreateAsync(Path, new { name = "h", loadbalancer_id = lb.Id, runtime_api = "/run/haproxy/a.sock" });

        var moved = await client.ApiPutAsync($"{Path}/{binding.Id}", new { loadbalancer_id = other.Id });
        var docker = await client.ApiPutAsync($"{Path}/{binding.Id}", new { runtime_api = "/var/run/docker.sock", name = "changed" });
        var badBackend = await client.ApiPutAsync($"{Path}/{binding.Id}", new { backends = new Dictionary<string, string> { ["sgp-x"] = "a b" } });
        var nulls = await client.ApiSendAsync(HttpMethod.Put, $"{Path}/{binding.Id}", "{\"manage_servers\": null, \"backends\": null}");
        var missing = await client.ApiPutAsync($"{Path}/hab-nothing", new { name = "x" });

        Assert.NotEmpty(moved.ErrorsOf("loadbalancer_id"));
        Assert.NotEmpty(docker.ErrorsOf("runtime_api"));
        Assert.NotEmpty(badBackend.ErrorsOf("backends.sgp-x"));
        Assert.Equal(2, nulls.ErrorsOf("manage_servers").Count + nulls.ErrorsOf("backends").Count);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal(WithoutSync(binding.Text), WithoutSync((await client.ApiGetAsync($"{Path}/{binding.Id}")).Text));
    }

    [Fact]
    public async Task Create_NameTakenOnTheSameLoadBalancer_Is409_OnAnotherIsFine()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var lb = await client.CreateAsync("/api/v1/loadbalancers", new { name = "a" });
        var other = await client.CreateAsync("/api/v1/loadbalancers", new { name = "b" });
        await client.CreateAsync(Path, new { name = "box", loadbalancer_id = lb.Id, runtime_api = "/run/haproxy/a.sock" });

        var taken = await client.ApiPostAsync(Path, new { name = "box", loadbalancer_id = lb.Id, runtime_api = "/run/haproxy/b.sock" });
        var elsewhere = await client.ApiPostAsync(Path, new { name = "box", loadbalancer_id = other.Id, runtime_api = "/run/haproxy/b.sock" });

        Assert.Equal(HttpStatusCode.Conflict, taken.Status);
        Assert.NotEmpty(taken.ErrorsOf("name"));
        Assert.Equal(HttpStatusCode.Created, elsewhere.Status);
        Assert.Equal(2, (await client.ApiGetAsync(Path)).Int("total_count"));
    }

    [Fact]
    public async Task AnotherProjectsBinding_Is404Everywhere()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, owner) = await server.CreateProjectAsync("owner");
        var (_, stranger) = await server.CreateProjectAsync("stranger");
        using var a = owner;
        using var b = stranger;
        var lb = await owner.CreateAsync("/api/v1/loadbalancers", new { name = "a" });
        var binding = await owner.CreateAsync(Path, new { loadbalancer_id = lb.Id, runtime_api = "/run/haproxy/a.sock" });

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.ApiGetAsync($"{Path}/{binding.Id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.ApiPutAsync($"{Path}/{binding.Id}", new { name = "mine" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.ApiDeleteAsync($"{Path}/{binding.Id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound,
            (await stranger.ApiPostAsync(Path, new { loadbalancer_id = lb.Id, runtime_api = "/run/haproxy/b.sock" })).Status);
        Assert.Equal(0, (await stranger.ApiGetAsync(Path)).Int("total_count"));
        Assert.Equal(0, (await stranger.ApiGetAsync($"{Path}?loadbalancer_id={lb.Id}")).Int("total_count"));
        Assert.Equal(WithoutSync(binding.Text), WithoutSync((await owner.ApiGetAsync($"{Path}/{binding.Id}")).Text));
    }

    [Fact]
    public async Task Sync_ShowsWhatTheRegisteredStatusSourceReports()
    {
        var at = new DateTimeOffset(2026, 5, 1, 2, 0, 0, TimeSpan.Zero);
        var status = new FixedSyncStatus(new HaproxySyncStatus("synced", at, at, true, null, 3, 0, 1.5, 1.0, 4.0, "2.6.12"));
        await using var server = await RunningServer.StartAsync(configure: services => services.AddSingleton<IHaproxySyncStatus>(status));
        var (_, client) = await server.CreateProjectAsync();
        using var _ = client;
        var lb = await client.CreateAsync("/api/v1/loadbalancers", new { name = "a" });
        var binding = await client.CreateAsync(Path, new { loadbalancer_id = lb.Id, runtime_api = "/run/haproxy/a.sock" });
        status.For = binding.Id;

        var sync = (await client.ApiGetAsync($"{Path}/{binding.Id}")).Body.GetProperty("sync");
        var listed = (await client.ApiGetAsync(Path)).Body.GetProperty("haproxy_bindings")[0].GetProperty("sync");

        Assert.Equal(JsonValueKind.Null, binding.Body.GetProperty("sync").ValueKind);
        Assert.Equal(("synced", true, 3, 0, "2.6.12"), (sync.GetProperty("state").GetString(), sync.GetProperty("confirmed").GetBoolean(),
            sync.GetProperty("servers").GetInt32(), sync.GetProperty("mismatched").GetInt32(), sync.GetProperty("haproxy_version").GetString()));
        Assert.Equal(4.0, sync.GetProperty("lag_p99_ms").GetDouble());
        Assert.Equal(at, sync.GetProperty("last_confirmed_at").GetDateTimeOffset());
        Assert.Equal(sync.GetRawText(), listed.GetRawText());
    }

    /// <summary>The binding's JSON without <c>sync</c>, which the running sync changes between two reads.</summary>
    private static string WithoutSync(string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node.Remove("sync");
        return node.ToJsonString();
    }

    private static IEnumerable<string> Ids(ApiAnswer page) =>
        page.Body.GetProperty("haproxy_bindings").EnumerateArray().Select(static b => b.GetProperty("id").GetString()!);

    /// <summary>A status source that knows one binding, as the sync service will.</summary>
    private sealed class FixedSyncStatus(HaproxySyncStatus status) : IHaproxySyncStatus
    {
        public string? For { get; set; }

        public HaproxySyncStatus? Get(string bindingId) => bindingId == For ? status : null;
    }
}
