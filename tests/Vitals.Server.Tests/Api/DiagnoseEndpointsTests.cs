using System.Net;
using System.Text.Json;
using Vitals.Core.Monitoring;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Api;

public sealed class DiagnoseEndpointsTests
{
    [Fact]
    public async Task Diagnose_RefusedMember_FirstFindingIsNothingListening_WithEvidenceAndAdvice()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        var fleet = new FleetSeeder(server, projectId);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var refused = await fleet.MemberAsync(pool, FleetBackends.ClosedPort());
        await FleetWait.StateAsync(client, refused.Id, "Unhealthy");

        using var response = await client.PostAsync($"/api/v1/members/{refused.Id}/diagnose?budget=10", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var root = doc.RootElement;
        Assert.Equal(refused.Id, root.GetProperty("member_id").GetString());
        Assert.Equal($"127.0.0.1:{refused.ProtocolPort}", root.GetProperty("target").GetString());
        Assert.Equal("HTTP", root.GetProperty("type").GetString());
        Assert.Equal("problem", root.GetProperty("verdict").GetString());
        Assert.InRange(root.GetProperty("elapsed_ms").GetDouble(), 0, 10_000 + 5_000);
        var first = root.GetProperty("findings")[0];
        Assert.Equal("NOTHING_LISTENING", first.GetProperty("cause").GetString());
        Assert.Equal("problem", first.GetProperty("verdict").GetString());
        Assert.Equal("CONNECT_FAILED", first.GetProperty("nlb_reason_code").GetString());
        Assert.Equal(JsonValueKind.Object, first.GetProperty("evidence").ValueKind);
        Assert.Contains("refused", first.GetProperty("advice").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("not_checked").ValueKind);
    }

    [Fact]
    public async Task Diagnose_ServerError_IsAProblemWithWhatWasNotChecked()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        var fleet = new FleetSeeder(server, projectId);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        await using var backend = FleetBackends.Error500();
        var failing = await fleet.MemberAsync(pool, backend.Port);
        await FleetWait.StateAsync(client, failing.Id, "Unhealthy");

        using var response = await client.PostAsync($"/api/v1/members/{failing.Id}/diagnose?budget=10", null, TestContext.Current.CancellationToken);

        // A diagnosis with notes of what it could not check once answered 500 in `vitals serve`, which runs without
        // reflection-based JSON (this test host has it, so the browser test MemberPage_Diagnose_* guards that case).
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var root = doc.RootElement;
        Assert.Equal("SERVER_ERROR", root.GetProperty("findings")[0].GetProperty("cause").GetString());
        Assert.NotEqual(0, root.GetProperty("not_checked").GetArrayLength());
        Assert.All(root.GetProperty("not_checked").EnumerateArray(), note => Assert.False(string.IsNullOrWhiteSpace(note.GetString())));
    }

    [Fact]
    public async Task Diagnose_AnotherProjectsMember_Is404_AndABadBudgetIs400()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync("a");
        var (_, other) = await server.CreateProjectAsync("b");
        var fleet = new FleetSeeder(server, projectId);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Tcp));
        var member = await fleet.MemberAsync(pool, FleetBackends.ClosedPort());

        using var foreign = await other.PostAsync($"/api/v1/members/{member.Id}/diagnose", null, TestContext.Current.CancellationToken);
        using var badBudget = await client.PostAsync($"/api/v1/members/{member.Id}/diagnose?budget=61", null, TestContext.Current.CancellationToken);
        using var anonymousClient = server.Anonymous();
        using var anonymous = await anonymousClient.PostAsync($"/api/v1/members/{member.Id}/diagnose", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badBudget.StatusCode);
        Assert.Contains("budget", await badBudget.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Diagnose_MemberOfAPoolWithoutMonitor_Is409()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync();
        var fleet = new FleetSeeder(server, projectId);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        var member = await fleet.MemberAsync(pool, FleetBackends.ClosedPort());

        using var response = await client.PostAsync($"/api/v1/members/{member.Id}/diagnose", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("has no health monitor", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
