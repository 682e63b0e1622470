using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vitals.Core.Health;
using Vitals.Engine;
using Vitals.Server.Dialects.Ovh.Signing;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Dialects.Ovh.Iplb;

/// <summary>
/// The writes of the OVH dialect through the unmodified <c>@ovhcloud/node-ovh</c>: servers created, changed and deleted,
/// the farm probe, the service calls; each result checked in the native API and, for a server's status, in the engine.
/// </summary>
public sealed class OvhIplbWriteSdkTests
{
    private static JsonElement Ok(JsonElement line)
    {
        Assert.True(line.GetProperty("ok").GetBoolean(), line.ToString());
        return line.GetProperty("value");
    }

    private static void Rejected(JsonElement line, int status, string message)
    {
        Assert.False(line.GetProperty("ok").GetBoolean(), line.ToString());
        Assert.Equal(status, line.GetProperty("error").GetInt32());
        Assert.Equal(message, line.GetProperty("message").GetString());
    }

    private static async Task<string> MemberIdAsync(HttpClient client, string poolId, long numericId)
    {
        var list = await client.ApiGetAsync($"/api/v1/members?pool_id={poolId}");
        return list.Body.GetProperty("members").EnumerateArray()
            .Single(m => m.GetProperty("numeric_id").GetInt64() == numericId).GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> MonitorAsync(HttpClient client, string poolId)
    {
        var list = await client.ApiGetAsync($"/api/v1/healthmonitors?pool_id={poolId}");
        return Assert.Single(list.Body.GetProperty("healthmonitors").EnumerateArray());
    }

    [Fact]
    public async Task OfficialClient_CreateSwitchOffOnAndDeleteServer_NativeApiAndEngineFollow()
    {
        await using var fleet = await OvhFleet.StartAsync();
        await using var backend = FleetBackends.Ok();
        var engine = fleet.Server.Services.GetRequiredService<HealthEngine>();
        var farm = $"/ipLoadbalancing/{fleet.ServiceA}/http/farm/{fleet.HttpFarm}/server";

        var created = Ok((await fleet.CallAsync(fleet.KeysA,
            [OvhFleet.Post(farm, new { address = "127.0.0.1", port = backend.Port, displayName = "web-new", status = "active", weight = 5 })]))[0]);
        var serverId = created.GetProperty("serverId").GetInt64();
        Assert.Equal(fleet.HttpFarm, created.GetProperty("backendId").GetInt64());
        Assert.Equal("web-new", created.GetProperty("displayName").GetString());
        Assert.Equal(5, created.GetProperty("weight").GetInt32());
        var memberId = await MemberIdAsync(fleet.ClientA, fleet.HttpPoolId, serverId);
        await FleetWait.StateAsync(fleet.ClientA, memberId, "Healthy");

        // Switched off: the member is admin-down natively, unchecked by the engine, and its backend hears nothing more.
        var off = await fleet.CallAsync(fleet.KeysA,
            [OvhFleet.Put($"{farm}/{serverId}", new { status = "inactive", weight = 7, displayName = "renamed" }), OvhFleet.Get($"{farm}/{serverId}")]);
        Assert.Equal(JsonValueKind.Null, Ok(off[0]).ValueKind);
        var native = await fleet.ClientA.ApiGetAsync($"/api/v1/members/{memberId}");
        Assert.False(native.Body.GetProperty("admin_state_up").GetBoolean());
        Assert.Equal(7, native.Int("weight"));
        Assert.Equal("renamed", native.Str("name"));
        await FleetWait.StateAsync(fleet.ClientA, memberId, "Unavailable");
        Assert.Equal(HealthState.Unavailable, engine.GetMember(memberId)?.State ?? HealthState.Unavailable);
        var read = Ok(off[1]);
        Assert.Equal("inactive", read.GetProperty("status").GetString());
        Assert.Equal("MAINT", read.GetProperty("serverState")[0].GetProperty("status").GetString());
        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);
        var accepted = backend.Accepted;
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        Assert.Equal(accepted, backend.Accepted);

        // Switched on again: checked again, and healthy.
        Assert.Equal(JsonValueKind.Null, Ok((await fleet.CallAsync(fleet.KeysA, [OvhFleet.Put($"{farm}/{serverId}", new { status = "active" })]))[0]).ValueKind);
        Assert.True((await fleet.ClientA.ApiGetAsync($"/api/v1/members/{memberId}")).Body.GetProperty("admin_state_up").GetBoolean());
        await FleetWait.StateAsync(fleet.ClientA, memberId, "Healthy");
        Assert.Equal(HealthState.Healthy, engine.GetMember(memberId)?.State);
        Assert.True(backend.Accepted > accepted);

        var deleted = await fleet.CallAsync(fleet.KeysA, [OvhFleet.Delete($"{farm}/{serverId}"), OvhFleet.Get($"{farm}/{serverId}")]);
        Assert.Equal(JsonValueKind.Null, Ok(deleted[0]).ValueKind);
        Rejected(deleted[1], 404, $"The requested object (serverId = {serverId}) does not exist");
        Assert.Equal(HttpStatusCode.NotFound, (await fleet.ClientA.ApiGetAsync($"/api/v1/members/{memberId}")).Status);
        Assert.Null(engine.GetMember(memberId));
    }

    [Fact]
    public async Task OfficialClient_BadOrUnmappableServerWrites_OvhErrorsAndNothingChanges()
    {
        await using var fleet = await OvhFleet.StartAsync();
        var http = $"/ipLoadbalancing/{fleet.ServiceA}/http/farm/{fleet.HttpFarm}/server";
        var up = $"{http}/{fleet.UpServer}";
        var tcpServer = $"/ipLoadbalancing/{fleet.ServiceA}/tcp/farm/{fleet.TcpFarm}/server/{fleet.TcpServer}";
        object[] calls =
        [
            OvhFleet.Put(up, new { color = "blue" }),
            OvhFleet.Put(up, new { weight = "heavy" }),
            OvhFleet.Put(up, new { weight = 300 }),
            OvhFleet.Put(up, new { status = "paused" }),
            OvhFleet.Put(up, new { backup = true }),
            OvhFleet.Put(up, new { probe = false }),
            OvhFleet.Put(up, new { weight = 150 }),
            OvhFleet.Put(tcpServer, new { cookie = "abc" }),
            OvhFleet.Put(up, new { port = 1 }),
            OvhFleet.Put($"{http}/999999", new { weight = 2 }),
            OvhFleet.Post(http, new { address = "169.254.169.254", port = 80, status = "active" }),
            OvhFleet.Post(http, new { address = "127.0.0.1", status = "active" }),
            OvhFleet.Post(http, new { address = "::1", port = 80 }),
            // Sent back as read, with the read-only fields: accepted.
            OvhFleet.Put(up, new { serverId = fleet.UpServer, backendId = fleet.HttpFarm, probe = true, backup = false, ssl = false, status = "active" }),
        ];

        var output = await fleet.CallAsync(fleet.KeysA, calls);

        Rejected(output[0], 400, "Unknown body parameter color");
        Rejected(output[1], 400, "Invalid body parameter weight: expected a long");
        Rejected(output[2], 400, "Invalid body parameter weight: must be 0 to 256");
        Rejected(output[3], 400, "Invalid body parameter status: 'paused' is not one of active, inactive");
        Rejected(output[4], 403, "This feature is not available on this service: backup servers");
        Rejected(output[5], 403, "This feature is not available on this service: probe off for one server (Vitals checks every server of a farm alike, by the farm's probe)");
        Rejected(output[6], 403, "This feature is not available on this service: weight 150 (Vitals weights are 0 to 100)");
        Rejected(output[7], 400, "Unknown body parameter cookie");
        Assert.Equal(400, output[8].GetProperty("error").GetInt32());
        Assert.StartsWith("Invalid body parameter port:", output[8].GetProperty("message").GetString(), StringComparison.Ordinal);
        Rejected(output[9], 404, "The requested object (serverId = 999999) does not exist");
        Assert.Equal(400, output[10].GetProperty("error").GetInt32());
        Assert.StartsWith("Invalid body parameter address:", output[10].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("metadata", output[10].GetProperty("message").GetString(), StringComparison.Ordinal);
        Rejected(output[11], 400, "Invalid body parameter port: required, as Vitals farms have no port of their own");
        Rejected(output[12], 400, "Invalid body parameter address: '::1' is not an ipv4");
        Assert.Equal(JsonValueKind.Null, Ok(output[13]).ValueKind);

        var member = await fleet.ClientA.ApiGetAsync($"/api/v1/members/{fleet.UpMemberId}");
        Assert.Equal(1, member.Int("weight"));
        Assert.True(member.Body.GetProperty("admin_state_up").GetBoolean());
        Assert.Equal("web-1", member.Str("name"));
        var members = await fleet.ClientA.ApiGetAsync($"/api/v1/members?pool_id={fleet.HttpPoolId}");
        Assert.Equal(2, members.Body.GetProperty("members").GetArrayLength());
    }

    [Fact]
    public async Task OfficialClient_FarmProbe_BecomesThePoolMonitor_OrAClear400()
    {
        await using var fleet = await OvhFleet.StartAsync();
        var sn = fleet.ServiceA;
        var httpFarm = $"/ipLoadbalancing/{sn}/http/farm/{fleet.HttpFarm}";
        var tcpFarm = $"/ipLoadbalancing/{sn}/tcp/farm/{fleet.TcpFarm}";
        object[] calls =
        [
            OvhFleet.Put(httpFarm, new
            {
                displayName = "web", balance = "leastconn",
                probe = new { type = "http", interval = 30, url = "/health", method = "HEAD", match = "status", pattern = "200,204", forceSsl = false },
            }),
            OvhFleet.Get(httpFarm),
            OvhFleet.Put(tcpFarm, new { probe = new { type = "tcp", interval = 45, port = 8443 } }),
            OvhFleet.Put(httpFarm, new { probe = new { type = "http", interval = 10 } }),
            OvhFleet.Put(httpFarm, new { probe = new { type = "http", interval = 60 } }),
            OvhFleet.Put(httpFarm, new { probe = new { type = "smtp" } }),
            OvhFleet.Put(httpFarm, new { probe = new { type = "http", match = "contains", pattern = "ok" } }),
            OvhFleet.Put(httpFarm, new { probe = new { type = "http", match = "status", pattern = "200", negate = true } }),
            OvhFleet.Put(httpFarm, new { probe = new { type = "http", timeout = 5 } }),
            OvhFleet.Put(httpFarm, new { probe = new { type = "http", method = "OPTIONS" } }),
            OvhFleet.Put(httpFarm, new { balance = "uri" }),
            OvhFleet.Put(httpFarm, new { probe = new { type = "http", match = "status", pattern = "abc" } }),
            OvhFleet.Put(tcpFarm, new { probe = new { type = "tcp", interval = 45, forceSsl = true } }),
        ];

        var output = await fleet.CallAsync(fleet.KeysA, calls);

        Assert.Equal(JsonValueKind.Null, Ok(output[0]).ValueKind);
        var probe = Ok(output[1]).GetProperty("probe");
        Assert.Equal("web", Ok(output[1]).GetProperty("displayName").GetString());
        Assert.Equal("leastconn", Ok(output[1]).GetProperty("balance").GetString());
        Assert.Equal(30, probe.GetProperty("interval").GetInt32());
        Assert.Equal("/health", probe.GetProperty("url").GetString());
        Assert.Equal("HEAD", probe.GetProperty("method").GetString());
        Assert.Equal("200,204", probe.GetProperty("pattern").GetString());
        var monitor = await MonitorAsync(fleet.ClientA, fleet.HttpPoolId);
        Assert.Equal("HTTP", monitor.GetProperty("type").GetString());
        Assert.Equal(30, monitor.GetProperty("delay").GetInt32());
        Assert.Equal("/health", monitor.GetProperty("url_path").GetString());
        Assert.Equal("HEAD", monitor.GetProperty("http_method").GetString());
        Assert.Equal("200,204", monitor.GetProperty("expected_codes").GetString());
        var pool = await fleet.ClientA.ApiGetAsync($"/api/v1/pools/{fleet.HttpPoolId}");
        Assert.Equal("web", pool.Str("name"));
        Assert.Equal("LEAST_CONNECTIONS", pool.Str("lb_algorithm"));

        Assert.Equal(JsonValueKind.Null, Ok(output[2]).ValueKind);
        var tcpMonitor = await MonitorAsync(fleet.ClientA, fleet.TcpPoolId);
        Assert.Equal("TCP", tcpMonitor.GetProperty("type").GetString());
        Assert.Equal(45, tcpMonitor.GetProperty("delay").GetInt32());
        Assert.Equal(8443, tcpMonitor.GetProperty("monitor_port").GetInt32());

        Rejected(output[3], 400, "Invalid body parameter probe.interval: must be at least 30");
        Rejected(output[4], 400, "Invalid body parameter probe.interval: Vitals probes at least every 50 seconds");
        Rejected(output[5], 400, "Invalid body parameter probe.type: Vitals runs http and tcp probes, not smtp");
        Rejected(output[6], 400, "Invalid body parameter probe.match: Vitals matches the HTTP status only (default or status), not contains");
        Rejected(output[7], 400, "Invalid body parameter probe.negate: Vitals cannot negate a match");
        Rejected(output[8], 400, "Unknown body parameter probe.timeout");
        Rejected(output[9], 400, "Invalid body parameter probe.method: Vitals probes with GET or HEAD, not OPTIONS");
        Rejected(output[10], 403, "This feature is not available on this service: balance uri");
        Assert.Equal(400, output[11].GetProperty("error").GetInt32());
        Assert.StartsWith("Invalid body parameter probe.pattern:", output[11].GetProperty("message").GetString(), StringComparison.Ordinal);
        // A TCP pool runs no TLS check (a TLS pool does): the pool's own rule answers.
        Rejected(output[12], 400, "Invalid body parameter probe.type: a pool of protocol TCP allows only TCP, HTTP, HTTPS (got TLS)");
        // None of the refused probes changed the monitor.
        var after = await MonitorAsync(fleet.ClientA, fleet.HttpPoolId);
        Assert.Equal(30, after.GetProperty("delay").GetInt32());
        Assert.Equal("HEAD", after.GetProperty("http_method").GetString());
        Assert.Equal("200,204", after.GetProperty("expected_codes").GetString());
    }

    /// <summary>A body node-ovh would never send (it always sends JSON.stringify), signed by hand.</summary>
    private static async Task<(HttpStatusCode Status, string Body)> SignedAsync(OvhFleet fleet, HttpMethod method, string path, string body)
    {
        using var certificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(fleet.Server.DataDir, "tls", "cert.pem"));
        // The server's self-signed certificate, pinned by thumbprint.
#pragma warning disable MA0039
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c?.Thumbprint == certificate.Thumbprint };
#pragma warning restore MA0039
        using var client = new HttpClient(handler) { BaseAddress = fleet.Server.TlsBaseAddress };
        var target = "/1.0" + path;
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var keys = fleet.KeysA;
        using var request = new HttpRequestMessage(method, target) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Ovh-Application", keys.ApplicationKey);
        request.Headers.Add("X-Ovh-Consumer", keys.ConsumerKey);
        request.Headers.Add("X-Ovh-Timestamp", timestamp);
        request.Headers.Add("X-Ovh-Signature", OvhSignatureVerifier.ComputeSignature(keys.ApplicationSecret, keys.ConsumerKey, method.Method,
            "https://127.0.0.1" + target, Encoding.UTF8.GetBytes(body), timestamp));
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SignedRawBodies_MalformedOrNotAnObject_OvhBadRequest_AndVoidIsJsonNull()
    {
        await using var fleet = await OvhFleet.StartAsync();
        var up = $"/ipLoadbalancing/{fleet.ServiceA}/http/farm/{fleet.HttpFarm}/server/{fleet.UpServer}";

        var malformed = await SignedAsync(fleet, HttpMethod.Put, up, "{\"weight\": ");
        var array = await SignedAsync(fleet, HttpMethod.Put, up, "[1]");
        var duplicate = await SignedAsync(fleet, HttpMethod.Put, up, "{\"weight\":2,\"weight\":3}");
        var done = await SignedAsync(fleet, HttpMethod.Put, up, "{\"weight\":4}");

        foreach (var (status, body) in new[] { malformed, array })
        {
            Assert.Equal(HttpStatusCode.BadRequest, status);
            var error = JsonDocument.Parse(body).RootElement;
            Assert.Equal("Client::BadRequest", error.GetProperty("class").GetString());
            Assert.Equal("The input that you provided isn't valid JSON or not well formatted", error.GetProperty("message").GetString());
        }

        Assert.Equal(HttpStatusCode.BadRequest, duplicate.Status);
        Assert.Equal((HttpStatusCode.OK, "null"), done);
        Assert.Equal(4, (await fleet.ClientA.ApiGetAsync($"/api/v1/members/{fleet.UpMemberId}")).Int("weight"));
    }

    [Fact]
    public async Task OfficialClient_UdpFarm_ServersReadCreatedSwitchedAndDeleted()
    {
        await using var fleet = await OvhFleet.StartAsync();
        var pool = await fleet.ClientA.CreateAsync("/api/v1/pools", new { loadbalancer_id = fleet.ServiceA, protocol = "UDP" });
        var farmId = pool.Body.GetProperty("numeric_id").GetInt64();
        var farm = $"/ipLoadbalancing/{fleet.ServiceA}/udp/farm";

        var output = await fleet.CallAsync(fleet.KeysA,
        [
            OvhFleet.Get(farm),
            OvhFleet.Get($"{farm}/{farmId}"),
            OvhFleet.Post($"{farm}/{farmId}/server", new { address = "127.0.0.1", port = 5353, status = "active", displayName = "dns" }),
            OvhFleet.Get($"{farm}/{farmId}/server"),
            OvhFleet.Get($"/ipLoadbalancing/{fleet.ServiceA}/http/farm/{farmId}"),
        ]);

        Assert.Equal([farmId], Ok(output[0]).EnumerateArray().Select(v => v.GetInt64()));
        var udpFarm = Ok(output[1]);
        Assert.Equal(farmId, udpFarm.GetProperty("farmId").GetInt64());
        Assert.False(udpFarm.TryGetProperty("probe", out _));
        var created = Ok(output[2]);
        var serverId = created.GetProperty("serverId").GetInt64();
        Assert.Equal("dns", created.GetProperty("displayName").GetString());
        Assert.Equal(5353, created.GetProperty("port").GetInt32());
        Assert.False(created.TryGetProperty("serverState", out _));
        Assert.Equal([serverId], Ok(output[3]).EnumerateArray().Select(v => v.GetInt64()));
        Rejected(output[4], 404, $"The requested object (farmId = {farmId}) does not exist");

        var server = $"{farm}/{farmId}/server/{serverId}";
        var writes = await fleet.CallAsync(fleet.KeysA,
            [OvhFleet.Put(server, new { status = "inactive" }), OvhFleet.Put(server, new { weight = 2 }), OvhFleet.Get(server)]);
        Assert.Equal(JsonValueKind.Null, Ok(writes[0]).ValueKind);
        Rejected(writes[1], 400, "Unknown body parameter weight");
        Assert.Equal("inactive", Ok(writes[2]).GetProperty("status").GetString());
        var memberId = await MemberIdAsync(fleet.ClientA, pool.Id, serverId);
        Assert.False((await fleet.ClientA.ApiGetAsync($"/api/v1/members/{memberId}")).Body.GetProperty("admin_state_up").GetBoolean());

        Assert.Equal(JsonValueKind.Null, Ok((await fleet.CallAsync(fleet.KeysA, [OvhFleet.Delete(server)]))[0]).ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await fleet.ClientA.ApiGetAsync($"/api/v1/members/{memberId}")).Status);
    }

    [Fact]
    public async Task OfficialClient_GrpcMonitor_CannotBeExpressedAsAnOvhProbe()
    {
        await using var fleet = await OvhFleet.StartAsync();
        var pool = await fleet.ClientA.CreateAsync("/api/v1/pools", new { loadbalancer_id = fleet.ServiceA, protocol = "GRPC" });
        await fleet.ClientA.CreateAsync("/api/v1/healthmonitors", new { pool_id = pool.Id, type = "GRPC", delay = 5, timeout = 3, max_retries = 2 });
        var farm = pool.Body.GetProperty("numeric_id").GetInt64();

        var output = await fleet.CallAsync(fleet.KeysA,
            [OvhFleet.Put($"/ipLoadbalancing/{fleet.ServiceA}/http/farm/{farm}", new { probe = new { type = "http", interval = 30 } })]);

        Rejected(output[0], 400, "Invalid body parameter probe: the farm's probe is a GRPC check, which an OVH probe cannot express; "
            + "change it through the native API (/api/v1/healthmonitors)");
        Assert.Equal("GRPC", (await MonitorAsync(fleet.ClientA, pool.Id)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task OfficialClient_ServiceDetailStatusRefreshTasksProbesAndUnservedPaths()
    {
        await using var fleet = await OvhFleet.StartAsync();
        var sn = fleet.ServiceA;
        object[] calls =
        [
            OvhFleet.Get($"/ipLoadbalancing/{sn}"),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/status"),
            OvhFleet.Post($"/ipLoadbalancing/{sn}/refresh"),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/task"),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/availableFarmProbes"),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/http/frontend"),
            OvhFleet.Post($"/ipLoadbalancing/{sn}/http/farm", new { zone = "gra" }),
            OvhFleet.Delete($"/ipLoadbalancing/{sn}/tcp/farm/{fleet.TcpFarm}"),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/ssl"),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/nothing-here"),
            OvhFleet.Get($"/ipLoadbalancing/{fleet.ServiceB}/ssl"),
            OvhFleet.Get($"/ipLoadbalancing/{fleet.ServiceB}/status"),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/task/999999"),
            OvhFleet.Put($"/ipLoadbalancing/{sn}", new { displayName = "edge", serviceName = sn, state = "ok" }),
            OvhFleet.Get($"/ipLoadbalancing/{sn}"),
            OvhFleet.Put($"/ipLoadbalancing/{sn}", new { sslConfiguration = "modern" }),
            OvhFleet.Put($"/ipLoadbalancing/{sn}", new { offer = 3 }),
        ];

        var output = await fleet.CallAsync(fleet.KeysA, calls);

        var detail = Ok(output[0]);
        Assert.Equal(sn, detail.GetProperty("serviceName").GetString());
        Assert.Equal("ok", detail.GetProperty("state").GetString());
        Assert.Single(detail.GetProperty("zone").EnumerateArray());

        // Live: the HTTP farm has a healthy and a refused server (warn), the TCP farm a healthy and an inactive one (ok).
        var status = Ok(output[1]);
        var servers = status.GetProperty("servers");
        Assert.Equal(4, servers.GetProperty("total").GetInt32());
        Assert.Equal(2, servers.GetProperty("status").GetProperty("ok").GetInt32());
        Assert.Equal(1, servers.GetProperty("status").GetProperty("error").GetInt32());
        Assert.Equal(1, servers.GetProperty("status").GetProperty("unknown").GetInt32());
        Assert.Equal(1, status.GetProperty("farms").GetProperty("status").GetProperty("ok").GetInt32());
        Assert.Equal(1, status.GetProperty("farms").GetProperty("status").GetProperty("warn").GetInt32());
        Assert.Equal("warn", status.GetProperty("service").GetProperty("status").GetString());

        var task = Ok(output[2]);
        Assert.Equal("refreshIplb", task.GetProperty("action").GetString());
        Assert.Equal("done", task.GetProperty("status").GetString());
        Assert.Equal(100, task.GetProperty("progress").GetInt32());
        Assert.Equal([task.GetProperty("id").GetInt64()], Ok(output[3]).EnumerateArray().Select(v => v.GetInt64()));
        var again = Ok((await fleet.CallAsync(fleet.KeysA, [OvhFleet.Get($"/ipLoadbalancing/{sn}/task/{task.GetProperty("id").GetInt64()}")]))[0]);
        Assert.Equal(task.GetProperty("creationDate").GetString(), again.GetProperty("creationDate").GetString());

        var probes = Ok(output[4]);
        Assert.Equal(["http", "tcp"], probes.EnumerateArray().Select(p => p.GetProperty("type").GetString()));
        Assert.Equal(["default", "status"], probes[0].GetProperty("matches").EnumerateArray().Select(m => m.GetString()));

        Rejected(output[5], 403, "This feature is not available on this service: GET /ipLoadbalancing/{serviceName}/http/frontend");
        Rejected(output[6], 403, "This feature is not available on this service: POST /ipLoadbalancing/{serviceName}/http/farm");
        Rejected(output[7], 403, $"This feature is not available on this service: DELETE /ipLoadbalancing/{{serviceName}}/tcp/farm/{fleet.TcpFarm}");
        Rejected(output[8], 403, "This feature is not available on this service: GET /ipLoadbalancing/{serviceName}/ssl");
        Rejected(output[9], 404, "Got an invalid (or empty) URL");
        Rejected(output[10], 404, $"The requested object (serviceName = {fleet.ServiceB}) does not exist");
        Rejected(output[11], 404, $"The requested object (serviceName = {fleet.ServiceB}) does not exist");
        Rejected(output[12], 404, "The requested object (id = 999999) does not exist");
        Assert.Equal(JsonValueKind.Null, Ok(output[13]).ValueKind);
        Assert.Equal("edge", Ok(output[14]).GetProperty("displayName").GetString());
        Assert.Equal("edge", (await fleet.ClientA.ApiGetAsync($"/api/v1/loadbalancers/{sn}")).Str("name"));
        Rejected(output[15], 403, "This feature is not available on this service: sslConfiguration (Vitals terminates no TLS)");
        Rejected(output[16], 400, "Invalid body parameter offer: expected a string");
    }
}
