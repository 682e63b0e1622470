using System.Text.Json;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Dialects.Alibaba;

/// <summary>NLB GetListenerHealthStatus served by <c>vitals serve</c>, called with the unmodified Alibaba OpenAPI client.</summary>
public sealed class AlibabaNlbTests
{
    [Theory]
    [InlineData("acs3")]
    [InlineData("v2")]
    public async Task GetListenerHealthStatus_OfficialClient_ReportsLiveNonNormalServers(string signature)
    {
        await using var fleet = await AlibabaTestFleet.StartAsync();
        await using var healthy = FleetBackends.Ok();
        var lb = await fleet.LoadBalancerAsync();
        var (listener, pool) = await fleet.ListenerAsync(lb, port: 8443);
        var instance = await fleet.InstanceAsync("vm-1");
        var up = await fleet.MemberAsync(pool, healthy.Port);
        var closedPort = FleetBackends.ClosedPort();
        var down = await fleet.MemberAsync(pool, closedPort, instanceId: instance);
        var unused = await fleet.MemberAsync(pool, healthy.Port + 0, weight: 0, address: "127.0.0.2");
        await FleetWait.StateAsync(fleet.Client, up, "Healthy");
        await FleetWait.StateAsync(fleet.Client, down, "Unhealthy");
        await FleetWait.StateAsync(fleet.Client, unused, "Unused");

        var output = await fleet.NlbAsync(signature, new() { ["RegionId"] = "cn-hangzhou", ["ListenerId"] = listener + "@8443" });

        Assert.True(output.GetProperty("ok").GetBoolean(), output.ToString());
        var body = output.GetProperty("body");
        Assert.Equal(2, body.GetProperty("TotalCount").GetInt32());
        Assert.Equal(20, body.GetProperty("MaxResults").GetInt32());
        Assert.Equal("", body.GetProperty("NextToken").GetString());
        var status = Assert.Single(body.GetProperty("ListenerHealthStatus").EnumerateArray());
        Assert.Equal(listener + "@8443", status.GetProperty("ListenerId").GetString());
        Assert.Equal(8443, status.GetProperty("ListenerPort").GetInt32());
        Assert.Equal("TCP", status.GetProperty("ListenerProtocol").GetString());
        var group = Assert.Single(status.GetProperty("ServerGroupInfos").EnumerateArray());
        Assert.True(group.GetProperty("HeathCheckEnabled").GetBoolean());
        Assert.Equal(pool, group.GetProperty("ServerGroupId").GetString());
        var servers = group.GetProperty("NonNormalServers").EnumerateArray().ToList();
        Assert.Equal(2, servers.Count);
        var unhealthy = Assert.Single(servers, s => s.GetProperty("Status").GetString() == "Unhealthy");
        Assert.Equal(instance, unhealthy.GetProperty("ServerId").GetString());
        Assert.Equal("127.0.0.1", unhealthy.GetProperty("ServerIp").GetString());
        Assert.Equal(closedPort, unhealthy.GetProperty("Port").GetInt32());
        Assert.Equal("CONNECT_FAILED", unhealthy.GetProperty("Reason").GetProperty("ReasonCode").GetString());
        var weightZero = Assert.Single(servers, s => s.GetProperty("Status").GetString() == "Unused");
        Assert.Equal("127.0.0.2", weightZero.GetProperty("ServerId").GetString());
    }

    [Fact]
    public async Task GetListenerHealthStatus_AdminDownMemberWithChecksOn_IsUnusedNotUnavailable()
    {
        await using var fleet = await AlibabaTestFleet.StartAsync();
        await using var healthy = FleetBackends.Ok();
        await using var other = FleetBackends.Ok();
        var lb = await fleet.LoadBalancerAsync();
        var (listener, pool) = await fleet.ListenerAsync(lb);
        await fleet.MemberAsync(pool, healthy.Port);
        var disabled = await fleet.MemberAsync(pool, other.Port);
        await FleetWait.StateAsync(fleet.Client, disabled, "Healthy");
        Assert.Equal(System.Net.HttpStatusCode.OK,
            (await fleet.Client.ApiPutAsync($"/api/v1/members/{disabled}", new { admin_state_up = false })).Status);
        await FleetWait.StateAsync(fleet.Client, disabled, "Unavailable");

        var output = await fleet.NlbAsync("acs3", new() { ["ListenerId"] = listener });

        Assert.True(output.GetProperty("ok").GetBoolean(), output.ToString());
        var group = Assert.Single(output.GetProperty("body").GetProperty("ListenerHealthStatus")[0].GetProperty("ServerGroupInfos").EnumerateArray());
        Assert.True(group.GetProperty("HeathCheckEnabled").GetBoolean());
        var server = Assert.Single(group.GetProperty("NonNormalServers").EnumerateArray());
        Assert.Equal(other.Port, server.GetProperty("Port").GetInt32());
        Assert.Equal("Unused", server.GetProperty("Status").GetString());
        Assert.False(server.TryGetProperty("Reason", out _), server.ToString());
        Assert.Equal(1, output.GetProperty("body").GetProperty("TotalCount").GetInt32());
    }

    [Theory]
    [InlineData("HTTP", "HTTP", "TCP")]
    [InlineData("UDP", "UDP", "UDP")]
    public async Task GetListenerHealthStatus_ListenerProtocol_IsOneOfNlbsLayer4Values(string listenerProtocol, string poolProtocol, string expected)
    {
        await using var fleet = await AlibabaTestFleet.StartAsync();
        var lb = await fleet.LoadBalancerAsync();
        var listener = (await fleet.Client.CreateAsync("/api/v1/listeners", new { loadbalancer_id = lb, protocol = listenerProtocol, protocol_port = 8080 })).Id;
        await fleet.Client.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb, listener_id = listener, protocol = poolProtocol });

        var output = await fleet.NlbAsync("v2", new() { ["ListenerId"] = listener });

        Assert.True(output.GetProperty("ok").GetBoolean(), output.ToString());
        Assert.Equal(expected, output.GetProperty("body").GetProperty("ListenerHealthStatus")[0].GetProperty("ListenerProtocol").GetString());
    }

    [Fact]
    public async Task GetListenerHealthStatus_PoolWithoutMonitor_ListsEveryServerUnavailable()
    {
        await using var fleet = await AlibabaTestFleet.StartAsync();
        var lb = await fleet.LoadBalancerAsync();
        var (listener, pool) = await fleet.ListenerAsync(lb, monitored: false);
        await fleet.MemberAsync(pool, 81);
        await fleet.MemberAsync(pool, 82);

        var output = await fleet.NlbAsync("acs3", new() { ["ListenerId"] = listener });

        var group = output.GetProperty("body").GetProperty("ListenerHealthStatus")[0].GetProperty("ServerGroupInfos")[0];
        Assert.False(group.GetProperty("HeathCheckEnabled").GetBoolean());
        Assert.All(group.GetProperty("NonNormalServers").EnumerateArray(), s =>
        {
            Assert.Equal("Unavailable", s.GetProperty("Status").GetString());
            Assert.False(s.TryGetProperty("Reason", out _));
        });
        Assert.Equal(2, output.GetProperty("body").GetProperty("TotalCount").GetInt32());
    }

    [Fact]
    public async Task GetListenerHealthStatus_FleetChangesBetweenPages_NeverRepeatsOrSkipsAServer()
    {
        await using var fleet = await AlibabaTestFleet.StartAsync();
        var lb = await fleet.LoadBalancerAsync();
        var (listener, pool) = await fleet.ListenerAsync(lb, monitored: false);
        var members = new List<string>();
        for (var port = 1001; port <= 1007; port++)
        {
            members.Add(await fleet.MemberAsync(pool, port));
        }

        var seen = new List<int>();
        var first = await PageAsync(fleet, listener, "acs3", null, seen);
        Assert.Equal(7, first.GetProperty("TotalCount").GetInt32());
        Assert.Equal([1001, 1002, 1003], seen);

        // Between pages: one already shown and one not yet shown leave, a new one arrives.
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await fleet.Client.ApiDeleteAsync($"/api/v1/members/{members[0]}")).Status);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await fleet.Client.ApiDeleteAsync($"/api/v1/members/{members[4]}")).Status);
        await fleet.MemberAsync(pool, 1008);

        var second = await PageAsync(fleet, listener, "v2", first.GetProperty("NextToken").GetString(), seen);
        Assert.Equal(6, second.GetProperty("TotalCount").GetInt32());
        var third = await PageAsync(fleet, listener, "acs3", second.GetProperty("NextToken").GetString(), seen);

        Assert.Equal("", third.GetProperty("NextToken").GetString());
        Assert.Equal([1001, 1002, 1003, 1004, 1006, 1007, 1008], seen);
    }

    private static async Task<JsonElement> PageAsync(AlibabaTestFleet fleet, string listener, string signature, string? token, List<int> seen)
    {
        var query = new Dictionary<string, object> { ["ListenerId"] = listener, ["MaxResults"] = 3 };
        if (token is not null)
        {
            query["NextToken"] = token;
        }

        var output = await fleet.NlbAsync(signature, query);
        Assert.True(output.GetProperty("ok").GetBoolean(), output.ToString());
        var body = output.GetProperty("body");
        foreach (var group in body.GetProperty("ListenerHealthStatus")[0].GetProperty("ServerGroupInfos").EnumerateArray())
        {
            foreach (var server in group.GetProperty("NonNormalServers").EnumerateArray())
            {
                seen.Add(server.GetProperty("Port").GetInt32());
            }
        }

        Assert.Equal(3, body.GetProperty("MaxResults").GetInt32());
        return body;
    }
}
