using System.Net;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Dialects.Huawei;

/// <summary>The list's filters (each multi-valued) and its marker / limit / page_reverse paging.</summary>
public sealed class HuaweiListTests
{
    private const string Project = "11112222333344445555666677778888";

    /// <summary>Five monitors on five pools: (type, delay, admin_state_up) = TCP 5 up, HTTP 10 up, HTTPS 10 down, TCP 20 up, HTTP 5 down.</summary>
    private static async Task<(RunningServer Server, HuaweiElbClient Client, string[] Ids)> StartAsync()
    {
        var server = await RunningServer.StartAsync();
        var client = await HuaweiTestProject.CreateAsync(server, Project);
        var lb = await HuaweiTestProject.LoadBalancerAsync(server, Project);
        (string Type, int Delay, bool Up)[] rows = [("TCP", 5, true), ("HTTP", 10, true), ("HTTPS", 10, false), ("TCP", 20, true), ("HTTP", 5, false)];
        var ids = new string[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var pool = (await client.CreatePoolAsync(new { loadbalancer_id = lb, protocol = "HTTP", lb_algorithm = "ROUND_ROBIN" }))
                .Body.GetProperty("pool").GetProperty("id").GetString()!;
            var created = await client.CreateHealthMonitorAsync(new
            {
                pool_id = pool, type = rows[i].Type, delay = rows[i].Delay, timeout = 3, max_retries = 3, admin_state_up = rows[i].Up, name = $"hm{i}",
            });
            Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
            ids[i] = created.Body.GetProperty("healthmonitor").GetProperty("id").GetString()!;
        }

        return (server, client, ids);
    }

    private static string[] Ids(HuaweiAnswer answer)
    {
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        return [.. answer.Body.GetProperty("healthmonitors").EnumerateArray().Select(m => m.GetProperty("id").GetString()!)];
    }

    [Fact]
    public async Task List_Filters_RepeatedKeysOrDifferentKeysAnd()
    {
        var (server, client, ids) = await StartAsync();
        await using var _server = server;
        using var _client = client;

        Assert.Equal([ids[0], ids[1], ids[3], ids[4]], Ids(await client.ListHealthMonitorsAsync(("type", "TCP"), ("type", "HTTP"))));
        Assert.Equal([ids[0], ids[1], ids[3]], Ids(await client.ListHealthMonitorsAsync(("type", "TCP"), ("type", "HTTP"), ("admin_state_up", "true"))));
        Assert.Equal([ids[0], ids[1], ids[3]], Ids(await client.ListHealthMonitorsAsync(("admin_state_up", "true"))));
        Assert.Equal([ids[1], ids[2]], Ids(await client.ListHealthMonitorsAsync(("delay", "10"))));
        Assert.Equal([ids[0], ids[4]], Ids(await client.ListHealthMonitorsAsync(("id", ids[4]), ("id", ids[0]))));
        Assert.Equal([ids[2]], Ids(await client.ListHealthMonitorsAsync(("name", "hm2"), ("http_method", "GET"), ("url_path", "/"),
            ("expected_codes", "200"), ("max_retries", "3"), ("max_retries_down", "3"), ("timeout", "3"), ("enterprise_project_id", "all_granted_eps"))));
        Assert.Empty(Ids(await client.ListHealthMonitorsAsync(("monitor_port", "80"))));
        Assert.Empty(Ids(await client.ListHealthMonitorsAsync(("domain_name", "www.example.com"))));
        Assert.Equal([ids[1], ids[4]], Ids(await client.ListHealthMonitorsAsync(("type", "HTTP"), ("delay", "10"), ("delay", "5"))));
    }

    [Theory]
    [InlineData("delay", "abc")]
    [InlineData("type", "PING")]
    [InlineData("http_method", "PUT")]
    [InlineData("admin_state_up", "yes")]
    [InlineData("domain_name", "-x")]
    [InlineData("limit", "2001")]
    [InlineData("limit", "-1")]
    [InlineData("marker", "")]
    [InlineData("marker", "hm-unknown")]
    [InlineData("page_reverse", "maybe")]
    public async Task List_MalformedParameter_400Elb8902(string name, string value)
    {
        var (server, client, _) = await StartAsync();
        await using var _server = server;
        using var _client = client;

        var answer = await client.ListHealthMonitorsAsync((name, value), ("limit", name == "limit" ? value : "2"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("ELB.8902", answer.ErrorCode);
        Assert.Contains(name, answer.ErrorMsg, StringComparison.Ordinal);
        // The value quoted is the one sent (limit is sent twice in its rows: both values are quoted).
        var sent = name == "limit" ? $"{value},{value}" : value;
        Assert.Contains($"field/attribute {name}. Value: {sent}.", answer.ErrorMsg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_MarkerLimitPageReverse_WalkForwardAndBack()
    {
        var (server, client, ids) = await StartAsync();
        await using var _server = server;
        using var _client = client;

        var first = await client.ListHealthMonitorsAsync(("limit", "2"));
        var info = first.Body.GetProperty("page_info");
        var second = await client.ListHealthMonitorsAsync(("limit", "2"), ("marker", info.GetProperty("next_marker").GetString()!));
        var third = await client.ListHealthMonitorsAsync(("limit", "2"), ("marker", second.Body.GetProperty("page_info").GetProperty("next_marker").GetString()!));
        var empty = await client.ListHealthMonitorsAsync(("limit", "2"), ("marker", ids[4]));
        var back = await client.ListHealthMonitorsAsync(("limit", "2"), ("page_reverse", "true"),
            ("marker", third.Body.GetProperty("page_info").GetProperty("previous_marker").GetString()!));
        var backFromSecond = await client.ListHealthMonitorsAsync(("limit", "2"), ("page_reverse", "true"), ("marker", ids[2]));

        Assert.Equal([ids[0], ids[1]], Ids(first));
        Assert.Equal(ids[0], info.GetProperty("previous_marker").GetString());
        Assert.Equal(ids[1], info.GetProperty("next_marker").GetString());
        Assert.Equal(2, info.GetProperty("current_count").GetInt32());
        Assert.Equal([ids[2], ids[3]], Ids(second));
        Assert.Equal([ids[4]], Ids(third));
        Assert.Empty(Ids(empty));
        var emptyInfo = empty.Body.GetProperty("page_info");
        Assert.Equal(["current_count"], emptyInfo.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, emptyInfo.GetProperty("current_count").GetInt32());
        Assert.Equal([ids[2], ids[3]], Ids(back));
        Assert.Equal([ids[0], ids[1]], Ids(backFromSecond));
    }

    [Fact]
    public async Task List_MarkerAndPageReverseWithoutLimit_HaveNoEffect_LimitZeroIsTheDefault()
    {
        var (server, client, ids) = await StartAsync();
        await using var _server = server;
        using var _client = client;

        Assert.Equal(ids, Ids(await client.ListHealthMonitorsAsync(("marker", ids[2]), ("page_reverse", "true"))));
        Assert.Equal(ids, Ids(await client.ListHealthMonitorsAsync(("limit", "0"))));
        Assert.Equal([ids[1], ids[2]], Ids(await client.ListHealthMonitorsAsync(("limit", "2"), ("marker", ids[0]), ("delay", "10"), ("delay", "20"))));
    }
}
