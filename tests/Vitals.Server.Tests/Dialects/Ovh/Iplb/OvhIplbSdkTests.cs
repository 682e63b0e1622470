using System.Net;
using System.Text.Json;
using Vitals.Server.Tests.Api;

namespace Vitals.Server.Tests.Dialects.Ovh.Iplb;

/// <summary>
/// The unmodified <c>@ovhcloud/node-ovh</c> against <c>vitals serve</c>'s HTTPS listener: every IPLB endpoint, the live
/// <c>serverState</c>, and the error paths (signature, clock, keys, objects of another farm or project).
/// </summary>
public sealed class OvhIplbSdkTests
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

    private static long[] Longs(JsonElement value) => [.. value.EnumerateArray().Select(v => v.GetInt64())];

    [Fact]
    public async Task OfficialClient_EveryEndpoint_AnswersFromTheLiveFleet()
    {
        await using var fleet = await OvhFleet.StartAsync();
        var sn = fleet.ServiceA;
        object[] calls =
        [
            OvhFleet.Get("/auth/time"),
            OvhFleet.Get("/ipLoadbalancing"),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/http/farm"),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/tcp/farm"),
            OvhFleet.Get("/ipLoadbalancing/{serviceName}/http/farm/{farmId}", new { serviceName = sn, farmId = fleet.HttpFarm }),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/http/farm/{fleet.HttpFarm}/server"),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/http/farm/{fleet.HttpFarm}/server", new { address = "127.0.0.1", status = "active" }),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/tcp/farm/{fleet.TcpFarm}/server", new { status = "inactive" }),
            OvhFleet.Get("/ipLoadbalancing/{serviceName}/http/farm/{farmId}/server/{serverId}",
                new { serviceName = sn, farmId = fleet.HttpFarm, serverId = fleet.UpServer }),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/http/farm/{fleet.HttpFarm}/server/{fleet.RefusedServer}"),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/tcp/farm/{fleet.TcpFarm}/server/{fleet.TcpServer}"),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/tcp/farm/{fleet.TcpFarm}/server/{fleet.InactiveServer}"),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/instancesState"),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/http/farm", new { zone = "nowhere" }),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/http/farm/{fleet.HttpFarm}/server", new { cookie = "abc" }),
        ];

        var output = await fleet.CallAsync(fleet.KeysA, calls);

        Assert.Equal(calls.Length, output.Count);
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        Assert.InRange(Ok(output[0]).GetInt64(), now - 60, now + 60);
        Assert.Equal([sn], Ok(output[1]).EnumerateArray().Select(v => v.GetString()));
        Assert.Equal([fleet.HttpFarm], Longs(Ok(output[2])));
        Assert.Equal([fleet.TcpFarm], Longs(Ok(output[3])));

        var farm = Ok(output[4]);
        Assert.Equal(fleet.HttpFarm, farm.GetProperty("farmId").GetInt64());
        Assert.Equal("roundrobin", farm.GetProperty("balance").GetString());
        Assert.Equal("http", farm.GetProperty("probe").GetProperty("type").GetString());
        Assert.Equal("status", farm.GetProperty("probe").GetProperty("match").GetString());
        Assert.Equal("200", farm.GetProperty("probe").GetProperty("pattern").GetString());

        Assert.Equal([fleet.UpServer, fleet.RefusedServer], Longs(Ok(output[5])));
        Assert.Equal([fleet.UpServer, fleet.RefusedServer], Longs(Ok(output[6])));
        Assert.Equal([fleet.InactiveServer], Longs(Ok(output[7])));

        var up = Ok(output[8]);
        Assert.Equal(fleet.UpServer, up.GetProperty("serverId").GetInt64());
        Assert.Equal(fleet.HttpFarm, up.GetProperty("backendId").GetInt64());
        Assert.Equal("web-1", up.GetProperty("displayName").GetString());
        Assert.Equal("active", up.GetProperty("status").GetString());
        Assert.True(up.GetProperty("probe").GetBoolean());
        Assert.Equal(JsonValueKind.Null, up.GetProperty("cookie").ValueKind);
        var upState = Assert.Single(up.GetProperty("serverState").EnumerateArray());
        Assert.Equal("UP", upState.GetProperty("status").GetString());
        Assert.Equal("L7OK", upState.GetProperty("checkStatus").GetString());
        Assert.Equal("200", upState.GetProperty("checkCode").GetString());
        Assert.Equal("ok", upState.GetProperty("lastCheckContent").GetString()); // the backend's answer
        Assert.True(DateTimeOffset.TryParse(upState.GetProperty("checkTime").GetString(), out _));

        var refusedState = Ok(output[9]).GetProperty("serverState")[0];
        Assert.Equal("DOWN", refusedState.GetProperty("status").GetString());
        Assert.Equal("L4CON", refusedState.GetProperty("checkStatus").GetString());
        Assert.Equal(JsonValueKind.Null, refusedState.GetProperty("checkCode").ValueKind);
        Assert.Contains("refused", refusedState.GetProperty("lastCheckContent").GetString(), StringComparison.OrdinalIgnoreCase);

        var tcp = Ok(output[10]);
        Assert.False(tcp.TryGetProperty("cookie", out _));
        Assert.Equal("L4OK", tcp.GetProperty("serverState")[0].GetProperty("checkStatus").GetString());
        var inactive = Ok(output[11]);
        Assert.Equal("inactive", inactive.GetProperty("status").GetString());
        Assert.Equal("MAINT", inactive.GetProperty("serverState")[0].GetProperty("status").GetString());

        var instance = Assert.Single(Ok(output[12]).EnumerateArray());
        Assert.Equal(upState.GetProperty("instanceId").GetInt64(), instance.GetProperty("internalId").GetInt64());
        Assert.Equal("running", instance.GetProperty("state").GetString());
        Assert.Empty(Ok(output[13]).EnumerateArray());
        Assert.Empty(Ok(output[14]).EnumerateArray());
    }

    [Fact]
    public async Task OfficialClient_UnknownOrForeignObjectsAndBadParameters_OvhErrors()
    {
        await using var fleet = await OvhFleet.StartAsync();
        var sn = fleet.ServiceA;
        object[] calls =
        [
            OvhFleet.Get($"/ipLoadbalancing/{sn}/http/farm/999999"),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/tcp/farm/{fleet.HttpFarm}"),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/http/farm/{fleet.HttpFarm}/server/{fleet.TcpServer}"),
            OvhFleet.Get($"/ipLoadbalancing/{fleet.ServiceB}/http/farm/{fleet.FarmB}/server/{fleet.ServerB}"),
            OvhFleet.Get($"/ipLoadbalancing/{fleet.ServiceB}/instancesState"),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/http/farm/{fleet.HttpFarm}/server", new { status = "bogus" }),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/http/farm/{fleet.HttpFarm}/server", new { address = "::1" }),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/udp/farm"),
            OvhFleet.Get($"/ipLoadbalancing/{sn}/http/farm/not-a-number"),
        ];

        var output = await fleet.CallAsync(fleet.KeysA, calls);

        Rejected(output[0], 404, "The requested object (farmId = 999999) does not exist");
        Rejected(output[1], 404, $"The requested object (farmId = {fleet.HttpFarm}) does not exist");
        Rejected(output[2], 404, $"The requested object (serverId = {fleet.TcpServer}) does not exist");
        Rejected(output[3], 404, $"The requested object (serviceName = {fleet.ServiceB}) does not exist");
        Rejected(output[4], 404, $"The requested object (serviceName = {fleet.ServiceB}) does not exist");
        Rejected(output[5], 400, "Invalid parameter status: 'bogus' is not one of active, inactive");
        Rejected(output[6], 400, "Invalid parameter address: '::1' is not an ipv4");
        Assert.Empty(Ok(output[7]).EnumerateArray()); // a UDP farm family, with no UDP pool here
        Rejected(output[8], 400, "Invalid parameter farmId: 'not-a-number' is not a long");

        // Project B's own keys do see its server.
        var own = await fleet.CallAsync(fleet.KeysB, [OvhFleet.Get($"/ipLoadbalancing/{fleet.ServiceB}/http/farm/{fleet.FarmB}/server/{fleet.ServerB}")]);
        Assert.Equal(fleet.ServerB, Ok(own[0]).GetProperty("serverId").GetInt64());
    }

    [Fact]
    public async Task OfficialClient_BadSignatureSkewUnknownAndRevokedKeys_Refused()
    {
        await using var fleet = await OvhFleet.StartAsync();
        object[] call = [OvhFleet.Get($"/ipLoadbalancing/{fleet.ServiceA}/instancesState")];
        var keys = fleet.KeysA;

        var badSecret = await fleet.CallAsync(keys with { ApplicationSecret = "wrong-secret" }, call);
        var skewed = await fleet.CallAsync(keys, call, apiTimeDiff: -3600);
        var unknownConsumer = await fleet.CallAsync(keys with { ConsumerKey = "unknownconsumerkey" }, call);
        var otherProjectsConsumer = await fleet.CallAsync(keys with { ConsumerKey = fleet.KeysB.ConsumerKey }, call);
        var unknownApplication = await fleet.CallAsync(keys with { ApplicationKey = "unknownappkey" }, call);

        Rejected(badSecret[0], 400, "Invalid signature");
        Rejected(skewed[0], 400, "Query out of time");
        Rejected(unknownConsumer[0], 403, "This credential does not exist");
        Rejected(otherProjectsConsumer[0], 403, "This credential does not exist");
        Rejected(unknownApplication[0], 403, "Invalid application key");

        // Revoking is for the owning project only; afterwards the keys stop working.
        Assert.Equal(HttpStatusCode.NotFound, (await fleet.ClientB.ApiDeleteAsync($"/api/v1/ovh-credentials/{keys.ConsumerKey}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await fleet.ClientA.ApiDeleteAsync($"/api/v1/ovh-credentials/{keys.ConsumerKey}")).Status);
        var revoked = await fleet.CallAsync(keys, call);
        Rejected(revoked[0], 403, "This credential does not exist");
    }

    [Fact]
    public async Task Credentials_ListShowsKeysWithoutSecrets_PerProject()
    {
        await using var fleet = await OvhFleet.StartAsync();

        var listA = await fleet.ClientA.ApiGetAsync("/api/v1/ovh-credentials");
        var admin = await fleet.Server.Admin().ApiPostAsync("/api/v1/ovh-credentials", new { });
        var badBody = await fleet.ClientA.ApiPostAsync("/api/v1/ovh-credentials", new { scope = "all" });
        var anonymous = await fleet.Server.Anonymous().ApiGetAsync("/api/v1/ovh-credentials");

        var only = Assert.Single(listA.Body.GetProperty("credentials").EnumerateArray());
        Assert.Equal(fleet.KeysA.ApplicationKey, only.GetProperty("application_key").GetString());
        Assert.Equal(fleet.KeysA.ConsumerKey, only.GetProperty("consumer_key").GetString());
        Assert.False(only.TryGetProperty("application_secret", out _));
        Assert.DoesNotContain(fleet.KeysA.ApplicationSecret, listA.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, admin.Status);
        Assert.Equal(HttpStatusCode.BadRequest, badBody.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
    }
}
