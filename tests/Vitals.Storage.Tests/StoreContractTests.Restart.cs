using Vitals.Core.Health;
using Vitals.Core.Probing;
using Vitals.Core.Resources;

namespace Vitals.Storage.Tests;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Restart_EverythingWrittenIsReadBack()
    {
        var hash = TokenHash.Compute("token");
        var project = await NewProjectAsync("acme", hash);
        var ak = Ok(await Sut.AddCredentialAsync(
            new Credential { ProjectId = project.Id, Kind = CredentialKind.AlibabaAccessKey, KeyId = "AK", Secret = "SK" }, Ct));
        var lb = await NewLoadBalancerAsync(project, "web");
        var pool = await NewPoolAsync(lb);
        await NewListenerAsync(lb, 443, ListenerProtocol.Https, pool.Id);
        await NewMonitorAsync(pool, FullHttpSpec());
        var instance = Ok(await Sut.CreateInstanceAsync(new Instance
        {
            Id = "", NumericId = 0, ProjectId = project.Id, Address = "10.0.0.1",
            MaintenanceWindows = [new MaintenanceWindow(Start, Start.AddHours(1), "patch")],
        }, Ct));
        var member = await NewMemberAsync(pool, "10.0.0.1", 443, instance.Id);
        var last = ProbeResult.Fail(ReasonCode.TlsHandshakeFailed, CheckCode.L6Rsp, new ProbeTimings(100, 900, -1, 950), Start, detail: "alert 40");
        var transition = new HealthTransition(HealthState.Initial, HealthState.Unhealthy, Start, TransitionCause.Checks,
            ReasonCode.TlsHandshakeFailed, [last]);
        await Sut.SaveHealthBatchAsync([new MemberHealth(member.Id, HealthState.Unhealthy, Start, last)],
            [new MemberTransition(member.Id, transition)], Ct);
        var before = await Sut.LoadAllAsync(Ct);
        var transitionsBefore = Ok(await Sut.ListTransitionsAsync(project.Id, member.Id, 10, Ct));

        await RestartAsync();

        var after = await Sut.LoadAllAsync(Ct);
        Assert.Equal(before.LoadBalancers, after.LoadBalancers);
        Assert.Equal(before.Listeners, after.Listeners);
        Assert.Equal(before.ServerGroups, after.ServerGroups);
        Assert.Equal(before.HealthMonitors, after.HealthMonitors);
        Assert.Equal(before.Members, after.Members);
        AssertSameInstance(Assert.Single(before.Instances), Assert.Single(after.Instances));
        Assert.Equal([new MemberHealth(member.Id, HealthState.Unhealthy, Start, last)], await Sut.LoadMemberHealthAsync(Ct));
        var transitionsAfter = Ok(await Sut.ListTransitionsAsync(project.Id, member.Id, 10, Ct));
        var (was, now) = (Assert.Single(transitionsBefore), Assert.Single(transitionsAfter));
        Assert.Equal((was.NumericId, was.MemberId), (now.NumericId, now.MemberId));
        Assert.Equal(transition with { Evidence = [] }, now.Transition with { Evidence = [] });
        Assert.Equal(transition.Evidence, now.Transition.Evidence);
        Assert.Equal(project, await Sut.FindProjectByTokenHashAsync(hash, Ct));
        Assert.Equal(ak, await Sut.FindCredentialAsync(CredentialKind.AlibabaAccessKey, "AK", Ct));
    }

    [Fact]
    public async Task Restart_NumericIdsKeepGrowingEvenAfterTheNewestRowWasDeleted()
    {
        var project = await NewProjectAsync();
        var lb = await NewLoadBalancerAsync(project);
        var newest = await NewLoadBalancerAsync(project);
        Ok(await Sut.DeleteLoadBalancerAsync(project.Id, newest.Id, Ct));

        await RestartAsync();
        var next = await NewLoadBalancerAsync(project);

        Assert.True(next.NumericId > newest.NumericId);
        Assert.True(newest.NumericId > lb.NumericId);
    }

    [Fact]
    public async Task LoadAll_ReturnsEveryProjectsResourcesInNumericOrder()
    {
        var a = await NewProjectAsync("a");
        var b = await NewProjectAsync("b");
        var lbA = await NewLoadBalancerAsync(a);
        var lbB = await NewLoadBalancerAsync(b);
        var poolA = await NewPoolAsync(lbA);
        var poolB = await NewPoolAsync(lbB);
        var monitorB = await NewMonitorAsync(poolB);
        var m1 = await NewMemberAsync(poolB, "10.0.0.1");
        var m2 = await NewMemberAsync(poolA, "10.0.0.1");
        var listener = await NewListenerAsync(lbA, 80, defaultPoolId: poolA.Id);

        var snapshot = await Sut.LoadAllAsync(Ct);

        Assert.Equal([lbA, lbB], snapshot.LoadBalancers);
        Assert.Equal([poolA, poolB], snapshot.ServerGroups);
        Assert.Equal([monitorB], snapshot.HealthMonitors);
        Assert.Equal([m1, m2], snapshot.Members);
        Assert.Equal([listener], snapshot.Listeners);
        Assert.Empty(snapshot.Instances);
    }
}
