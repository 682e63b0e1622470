using System.Net;
using System.Text.Json;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Dialects.Ovh.Iplb;

/// <summary>
/// A running server with an HTTPS listener and two projects. Project A has a load balancer with an HTTP farm (a healthy and
/// a refused server) and a TCP farm (a healthy and an inactive server); project B has one HTTP farm and server. All made
/// through the native API; each project issues its OVH credentials through <c>/api/v1/ovh-credentials</c>.
/// </summary>
internal sealed class OvhFleet : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    public required RunningServer Server { get; init; }

    public required OvhKeys KeysA { get; init; }

    public required OvhKeys KeysB { get; init; }

    public required HttpClient ClientA { get; init; }

    public required HttpClient ClientB { get; init; }

    public string ServiceA { get; private set; } = "";

    public long HttpFarm { get; private set; }

    /// <summary>The native ids of the HTTP and TCP pools and of the healthy HTTP member.</summary>
    public string HttpPoolId { get; private set; } = "";

    public string TcpPoolId { get; private set; } = "";

    public string UpMemberId { get; private set; } = "";

    public long TcpFarm { get; private set; }

    public long UpServer { get; private set; }

    public long RefusedServer { get; private set; }

    public long TcpServer { get; private set; }

    public long InactiveServer { get; private set; }

    public string ServiceB { get; private set; } = "";

    public long FarmB { get; private set; }

    public long ServerB { get; private set; }

    public int Port => Server.TlsBaseAddress!.Port;

    public static async Task<OvhFleet> StartAsync()
    {
        var server = await RunningServer.StartAsync(options: static o => o.TlsListen = "127.0.0.1:0");
        var (_, clientA) = await server.CreateProjectAsync("ovh-a");
        var (_, clientB) = await server.CreateProjectAsync("ovh-b");
        var fleet = new OvhFleet
        {
            Server = server,
            ClientA = clientA,
            ClientB = clientB,
            KeysA = await IssueAsync(clientA),
            KeysB = await IssueAsync(clientB),
        };
        var ok = FleetBackends.Ok();
        fleet._owned.Add(ok);

        var lb = await clientA.CreateAsync("/api/v1/loadbalancers", new { name = "iplb-a" });
        fleet.ServiceA = lb.Id;
        var httpPool = await clientA.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb.Id, protocol = "HTTP" });
        var tcpPool = await clientA.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb.Id, protocol = "TCP" });
        fleet.HttpFarm = httpPool.Body.GetProperty("numeric_id").GetInt64();
        fleet.TcpFarm = tcpPool.Body.GetProperty("numeric_id").GetInt64();
        fleet.HttpPoolId = httpPool.Id;
        fleet.TcpPoolId = tcpPool.Id;
        await clientA.CreateAsync("/api/v1/healthmonitors", new
        {
            pool_id = httpPool.Id, type = "HTTP", delay = 1, timeout = 1, max_retries = 1, max_retries_down = 1, url_path = "/", name = "http-probe",
        });
        await clientA.CreateAsync("/api/v1/healthmonitors", new { pool_id = tcpPool.Id, type = "TCP", delay = 1, timeout = 1, max_retries = 1, max_retries_down = 1 });
        var up = await clientA.CreateAsync("/api/v1/members", new { pool_id = httpPool.Id, address = "127.0.0.1", protocol_port = ok.Port, name = "web-1" });
        var refused = await clientA.CreateAsync("/api/v1/members", new { pool_id = httpPool.Id, address = "127.0.0.1", protocol_port = FleetBackends.ClosedPort() });
        var tcp = await clientA.CreateAsync("/api/v1/members", new { pool_id = tcpPool.Id, address = "127.0.0.1", protocol_port = ok.Port });
        var inactive = await clientA.CreateAsync("/api/v1/members", new
        {
            pool_id = tcpPool.Id, address = "127.0.0.2", protocol_port = ok.Port, admin_state_up = false,
        });
        fleet.UpServer = up.Body.GetProperty("numeric_id").GetInt64();
        fleet.UpMemberId = up.Id;
        fleet.RefusedServer = refused.Body.GetProperty("numeric_id").GetInt64();
        fleet.TcpServer = tcp.Body.GetProperty("numeric_id").GetInt64();
        fleet.InactiveServer = inactive.Body.GetProperty("numeric_id").GetInt64();

        var lbB = await clientB.CreateAsync("/api/v1/loadbalancers", new { name = "iplb-b" });
        var poolB = await clientB.CreateAsync("/api/v1/pools", new { loadbalancer_id = lbB.Id, protocol = "HTTP" });
        var memberB = await clientB.CreateAsync("/api/v1/members", new { pool_id = poolB.Id, address = "127.0.0.1", protocol_port = ok.Port });
        fleet.ServiceB = lbB.Id;
        fleet.FarmB = poolB.Body.GetProperty("numeric_id").GetInt64();
        fleet.ServerB = memberB.Body.GetProperty("numeric_id").GetInt64();

        await FleetWait.StateAsync(clientA, up.Id, "Healthy");
        await FleetWait.StateAsync(clientA, refused.Id, "Unhealthy");
        await FleetWait.StateAsync(clientA, tcp.Id, "Healthy");
        return fleet;
    }

    /// <summary>Runs node-ovh against the HTTPS listener with <paramref name="keys"/>; one JSON line per call.</summary>
    public Task<IReadOnlyList<JsonElement>> CallAsync(OvhKeys keys, object[] calls, long? apiTimeDiff = null) =>
        NodeClient.RunAsync("ovh-call.js", new
        {
            host = "127.0.0.1",
            port = Port,
            appKey = keys.ApplicationKey,
            appSecret = keys.ApplicationSecret,
            consumerKey = keys.ConsumerKey,
            apiTimeDiff,
            calls,
        }, ["@ovhcloud/node-ovh"], new Dictionary<string, string> { ["NODE_TLS_REJECT_UNAUTHORIZED"] = "0" }, TestContext.Current.CancellationToken);

    public static object Get(string path, object? parameters = null) => new { method = "GET", path, @params = parameters ?? new { } };

    public static object Put(string path, object body) => new { method = "PUT", path, @params = body };

    public static object Post(string path, object? body = null) => new { method = "POST", path, @params = body ?? new { } };

    public static object Delete(string path) => new { method = "DELETE", path, @params = new { } };

    public async ValueTask DisposeAsync()
    {
        ClientA.Dispose();
        ClientB.Dispose();
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        await Server.DisposeAsync();
    }

    private static async Task<OvhKeys> IssueAsync(HttpClient client)
    {
        var answer = await client.ApiPostAsync("/api/v1/ovh-credentials", new { description = "node-ovh" });
        Assert.True(answer.Status == HttpStatusCode.Created, answer.ToString());
        return new OvhKeys(answer.Str("application_key"), answer.Str("application_secret"), answer.Str("consumer_key"));
    }
}
