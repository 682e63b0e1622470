using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Dialects.Huawei;

/// <summary>Pools and members through the dialect, with <c>operating_status</c> from the live engine probing real loopback backends.</summary>
public sealed class HuaweiMemberTests
{
    private const string Project = "aaaabbbbccccddddeeeeffff00001111";

    private static async Task<JsonElement> MemberUntilAsync(HuaweiElbClient client, string pool, string member, string status)
    {
        var clock = Stopwatch.StartNew();
        HuaweiAnswer last;
        do
        {
            last = await client.ShowMemberAsync(pool, member);
            Assert.True(last.Status == HttpStatusCode.OK, last.ToString());
            var body = last.Body.GetProperty("member");
            if (body.GetProperty("operating_status").GetString() == status)
            {
                return body;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        while (clock.Elapsed < FleetWait.DefaultTimeout);

        Assert.Fail($"member {member} did not become {status}: {last}");
        return default;
    }

    [Fact]
    public async Task Members_OperatingStatus_FollowsTheEngine()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = await HuaweiTestProject.CreateAsync(server, Project);
        await using var ok = FleetBackends.Ok();
        var closed = FleetBackends.ClosedPort();
        var lb = await HuaweiTestProject.LoadBalancerAsync(server, Project);
        var pool = (await client.CreatePoolAsync(new { loadbalancer_id = lb, protocol = "HTTP", lb_algorithm = "ROUND_ROBIN" }))
            .Body.GetProperty("pool").GetProperty("id").GetString()!;
        var unmonitored = (await client.CreatePoolAsync(new { loadbalancer_id = lb, protocol = "TCP", lb_algorithm = "ROUND_ROBIN" }))
            .Body.GetProperty("pool").GetProperty("id").GetString()!;

        var up = await client.CreateMemberAsync(pool, new { address = "127.0.0.1", protocol_port = ok.Port, name = "up" });
        var down = await client.CreateMemberAsync(pool, new { address = "127.0.0.1", protocol_port = closed, weight = 5 });
        var idle = await client.CreateMemberAsync(unmonitored, new { address = "127.0.0.1", protocol_port = ok.Port });
        Assert.True(up.Status == HttpStatusCode.Created, up.ToString());
        Assert.Equal("NO_MONITOR", up.Body.GetProperty("member").GetProperty("operating_status").GetString());
        var monitor = await client.CreateHealthMonitorAsync(new
        {
            pool_id = pool, type = "HTTP", delay = 1, timeout = 1, max_retries = 1, max_retries_down = 1, url_path = "/health",
        });
        Assert.True(monitor.Status == HttpStatusCode.Created, monitor.ToString());
        var upId = up.Body.GetProperty("member").GetProperty("id").GetString()!;
        var downId = down.Body.GetProperty("member").GetProperty("id").GetString()!;
        var idleId = idle.Body.GetProperty("member").GetProperty("id").GetString()!;

        var online = await MemberUntilAsync(client, pool, upId, "ONLINE");
        var offline = await MemberUntilAsync(client, pool, downId, "OFFLINE");
        var noMonitor = (await client.ShowMemberAsync(unmonitored, idleId)).Body.GetProperty("member");

        Assert.Equal(JsonValueKind.Null, online.GetProperty("reason").ValueKind);
        Assert.Equal("v4", online.GetProperty("ip_version").GetString());
        Assert.Equal("ip", online.GetProperty("member_type").GetString());
        Assert.Equal("CONNECT_REFUSED", offline.GetProperty("reason").GetProperty("reason_code").GetString());
        Assert.Equal(5, offline.GetProperty("weight").GetInt32());
        Assert.Equal("NO_MONITOR", noMonitor.GetProperty("operating_status").GetString());

        var onlineOnly = await client.ListMembersAsync(pool, ("operating_status", "ONLINE"));
        Assert.Equal([upId], onlineOnly.Body.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        var poolBody = (await client.ShowPoolAsync(pool)).Body.GetProperty("pool");
        Assert.Equal([upId, downId], poolBody.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(lb, poolBody.GetProperty("loadbalancers")[0].GetProperty("id").GetString());

        // Switching the monitor off: members are no longer checked.
        Assert.Equal(HttpStatusCode.OK, (await client.UpdateHealthMonitorAsync(monitor.Body.GetProperty("healthmonitor").GetProperty("id").GetString()!,
            new { admin_state_up = false })).Status);
        await MemberUntilAsync(client, pool, upId, "NO_MONITOR");
    }

    [Fact]
    public async Task Member_AdminDown_ReadsOffline_InAMonitoredPool_AndOnlineOnceEnabled()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = await HuaweiTestProject.CreateAsync(server, Project);
        await using var ok = FleetBackends.Ok();
        var lb = await HuaweiTestProject.LoadBalancerAsync(server, Project);
        var pool = (await client.CreatePoolAsync(new { loadbalancer_id = lb, protocol = "HTTP", lb_algorithm = "ROUND_ROBIN" }))
            .Body.GetProperty("pool").GetProperty("id").GetString()!;
        var monitor = await client.CreateHealthMonitorAsync(new
        {
            pool_id = pool, type = "HTTP", delay = 1, timeout = 1, max_retries = 1, max_retries_down = 1, url_path = "/health",
        });
        Assert.True(monitor.Status == HttpStatusCode.Created, monitor.ToString());

        var created = await client.CreateMemberAsync(pool, new { address = "127.0.0.1", protocol_port = ok.Port, admin_state_up = false });
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        var id = created.Body.GetProperty("member").GetProperty("id").GetString()!;

        var shown = (await client.ShowMemberAsync(pool, id)).Body.GetProperty("member");
        Assert.False(shown.GetProperty("admin_state_up").GetBoolean());
        Assert.Equal("OFFLINE", shown.GetProperty("operating_status").GetString());
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("reason").ValueKind);
        var offline = await client.ListMembersAsync(pool, ("operating_status", "OFFLINE"));
        Assert.Equal([id], offline.Body.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()));

        var enabled = await client.SendAsync(HttpMethod.Put, $"pools/{pool}/members/{id}", new { member = new { admin_state_up = true } });
        Assert.True(enabled.Status == HttpStatusCode.OK, enabled.ToString());
        await MemberUntilAsync(client, pool, id, "ONLINE");
    }

    [Fact]
    public async Task Members_BadInputAndForeignPool_Refused()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = await HuaweiTestProject.CreateAsync(server, Project);
        using var other = await HuaweiTestProject.CreateAsync(server, "99998888777766665555444433332222");
        var lb = await HuaweiTestProject.LoadBalancerAsync(server, Project);
        var pool = (await client.CreatePoolAsync(new { loadbalancer_id = lb, protocol = "HTTP", lb_algorithm = "ROUND_ROBIN" }))
            .Body.GetProperty("pool").GetProperty("id").GetString()!;

        var badAddress = await client.CreateMemberAsync(pool, new { address = "not-an-ip", protocol_port = 80 });
        var badPort = await client.CreateMemberAsync(pool, new { address = "10.0.0.1", protocol_port = 0 });
        var badWeight = await client.CreateMemberAsync(pool, new { address = "10.0.0.1", protocol_port = 80, weight = 101 });
        var subnet = await client.CreateMemberAsync(pool, new { address = "10.0.0.1", protocol_port = 80, subnet_cidr_id = "subnet-1" });
        var foreign = await other.CreateMemberAsync(pool, new { address = "10.0.0.1", protocol_port = 80 });
        var badPool = await client.CreatePoolAsync(new { loadbalancer_id = lb, protocol = "SCTP", lb_algorithm = "ROUND_ROBIN" });
        var noLb = await client.CreatePoolAsync(new { protocol = "HTTP", lb_algorithm = "ROUND_ROBIN" });

        Assert.All([badAddress, badPort, badWeight, subnet, badPool, noLb], a => Assert.Equal("ELB.8902", a.ErrorCode));
        Assert.Equal((HttpStatusCode.NotFound, "ELB.8904"), (foreign.Status, foreign.ErrorCode));
        Assert.Equal(0, (await client.ListMembersAsync(pool)).Body.GetProperty("page_info").GetProperty("current_count").GetInt32());
        Assert.Equal(1, (await client.ListPoolsAsync()).Body.GetProperty("pools").GetArrayLength());
        Assert.Equal(0, (await other.ListPoolsAsync()).Body.GetProperty("pools").GetArrayLength());
    }
}
