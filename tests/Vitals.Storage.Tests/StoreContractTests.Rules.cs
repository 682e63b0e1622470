using Vitals.Core.Health;
using Vitals.Core.Resources;
using Vitals.Storage.Filters;

namespace Vitals.Storage.Tests;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task ForeignId_IsNotFoundForEveryOperationAndChangesNothing()
    {
        var owner = await NewProjectAsync("owner");
        var other = await NewProjectAsync("other");
        var lb = await NewLoadBalancerAsync(owner, "web");
        var pool = await NewPoolAsync(lb);
        var listener = await NewListenerAsync(lb, 80);
        var monitor = await NewMonitorAsync(pool);
        var instance = await NewInstanceAsync(owner);
        var member = await NewMemberAsync(pool, "10.0.0.1", instanceId: instance.Id);
        Assert.True(await Sut.SaveMemberHealthAsync(new MemberHealth(member.Id, HealthState.Healthy, Start, null), Ct));

        Assert.Null(await Sut.GetLoadBalancerAsync(other.Id, lb.Id, Ct));
        Assert.Null(await Sut.GetListenerAsync(other.Id, listener.Id, Ct));
        Assert.Null(await Sut.GetServerGroupAsync(other.Id, pool.Id, Ct));
        Assert.Null(await Sut.GetMemberAsync(other.Id, member.Id, Ct));
        Assert.Null(await Sut.GetHealthMonitorAsync(other.Id, monitor.Id, Ct));
        Assert.Null(await Sut.GetInstanceAsync(other.Id, instance.Id, Ct));
        Assert.Null(await Sut.GetMemberHealthAsync(other.Id, member.Id, Ct));
        AssertNotFound(await Sut.ListTransitionsAsync(other.Id, member.Id, 10, Ct));

        AssertNotFound(await Sut.UpdateLoadBalancerAsync(lb with { ProjectId = other.Id, Name = "stolen" }, Ct));
        AssertNotFound(await Sut.UpdateListenerAsync(listener with { ProjectId = other.Id, Name = "stolen" }, Ct));
        AssertNotFound(await Sut.UpdateServerGroupAsync(pool with { ProjectId = other.Id, Name = "stolen" }, Ct));
        AssertNotFound(await Sut.UpdateMemberAsync(member with { ProjectId = other.Id, InstanceId = null, Weight = 0 }, Ct));
        AssertNotFound(await Sut.UpdateHealthMonitorAsync(monitor with { ProjectId = other.Id, Name = "stolen" }, Ct));
        AssertNotFound(await Sut.UpdateInstanceAsync(instance with { ProjectId = other.Id, Name = "stolen" }, Ct));

        AssertNotFound(await Sut.DeleteMemberAsync(other.Id, member.Id, Ct));
        AssertNotFound(await Sut.DeleteHealthMonitorAsync(other.Id, monitor.Id, Ct));
        AssertNotFound(await Sut.DeleteListenerAsync(other.Id, listener.Id, Ct));
        AssertNotFound(await Sut.DeleteServerGroupAsync(other.Id, pool.Id, Ct));
        AssertNotFound(await Sut.DeleteLoadBalancerAsync(other.Id, lb.Id, Ct));
        AssertNotFound(await Sut.DeleteInstanceAsync(other.Id, instance.Id, Ct));

        // References into another project are not found either.
        var otherLb = await NewLoadBalancerAsync(other);
        AssertNotFound(await Sut.CreateMemberAsync(NewMember(pool with { ProjectId = other.Id }, "10.0.0.2"), Ct), "pool_id");
        AssertNotFound(await Sut.CreateServerGroupAsync(pool with { ProjectId = other.Id, Id = "" }, Ct), "loadbalancer_id");
        AssertNotFound(await Sut.CreateListenerAsync(listener with { Id = "", ProjectId = other.Id, LoadBalancerId = otherLb.Id, DefaultPoolId = pool.Id },
            Ct), "default_pool_id");
        var otherPool = await NewPoolAsync(otherLb);
        AssertNotFound(await Sut.CreateMemberAsync(NewMember(otherPool, "10.0.0.3", instanceId: instance.Id), Ct), "instance_id");

        Assert.Empty((await Sut.ListLoadBalancersAsync(other.Id, LoadBalancerFilter.All with { Ids = [lb.Id] }, PageRequest.First, Ct)).Items);
        Assert.Empty((await Sut.ListListenersAsync(other.Id, ListenerFilter.All, PageRequest.First, Ct)).Items);
        Assert.Equal([otherPool], (await Sut.ListServerGroupsAsync(other.Id, ServerGroupFilter.All, PageRequest.First, Ct)).Items);
        Assert.Empty((await Sut.ListMembersAsync(other.Id, MemberFilter.All with { PoolId = pool.Id }, PageRequest.First, Ct)).Items);
        Assert.Empty((await Sut.ListHealthMonitorsAsync(other.Id, HealthMonitorFilter.All, PageRequest.First, Ct)).Items);
        Assert.Empty((await Sut.ListInstancesAsync(other.Id, InstanceFilter.All, PageRequest.First, Ct)).Items);

        Assert.Equal(lb, await Sut.GetLoadBalancerAsync(owner.Id, lb.Id, Ct));
        Assert.Equal(listener, await Sut.GetListenerAsync(owner.Id, listener.Id, Ct));
        Assert.Equal(pool, await Sut.GetServerGroupAsync(owner.Id, pool.Id, Ct));
        Assert.Equal(member, await Sut.GetMemberAsync(owner.Id, member.Id, Ct));
        Assert.Equal(monitor, await Sut.GetHealthMonitorAsync(owner.Id, monitor.Id, Ct));
        AssertSameInstance(instance, (await Sut.GetInstanceAsync(owner.Id, instance.Id, Ct))!);
        Assert.NotNull(await Sut.GetMemberHealthAsync(owner.Id, member.Id, Ct));
    }

    [Fact]
    public async Task LoadBalancerName_UniquePerProjectWhenNotEmpty()
    {
        var project = await NewProjectAsync();
        var other = await NewProjectAsync();
        var web = await NewLoadBalancerAsync(project, "web");
        await NewLoadBalancerAsync(project);
        await NewLoadBalancerAsync(project);
        await NewLoadBalancerAsync(other, "web");
        var api = await NewLoadBalancerAsync(project, "api");

        AssertConflict(await Sut.CreateLoadBalancerAsync(web with { Id = "", Description = "dup" }, Ct), "name");
        AssertConflict(await Sut.UpdateLoadBalancerAsync(api with { Name = "web", Description = "changed" }, Ct), "name");

        Assert.Equal(4, (await Sut.ListLoadBalancersAsync(project.Id, LoadBalancerFilter.All, PageRequest.First, Ct)).Items.Count);
        Assert.Equal(api, await Sut.GetLoadBalancerAsync(project.Id, api.Id, Ct));
    }

    [Fact]
    public async Task ListenerPort_UniquePerLoadBalancerAndProtocol()
    {
        var project = await NewProjectAsync();
        var lb = await NewLoadBalancerAsync(project);
        var lb2 = await NewLoadBalancerAsync(project);
        await NewListenerAsync(lb, 80);
        await NewListenerAsync(lb, 80, ListenerProtocol.Udp);
        await NewListenerAsync(lb2, 80);

        AssertConflict(await Sut.CreateListenerAsync(new Listener
        {
            Id = "", NumericId = 0, ProjectId = project.Id, LoadBalancerId = lb.Id, Protocol = ListenerProtocol.Tcp, ProtocolPort = 80, Name = "dup",
        }, Ct), "protocol_port");

        Assert.Equal(2, (await Sut.ListListenersAsync(project.Id, ListenerFilter.All with { LoadBalancerId = lb.Id }, PageRequest.First, Ct))
            .Items.Count);
    }

    [Fact]
    public async Task MemberEndpoint_UniquePerPool_ConflictLeavesNothingWritten()
    {
        var project = await NewProjectAsync();
        var lb = await NewLoadBalancerAsync(project);
        var pool = await NewPoolAsync(lb);
        var pool2 = await NewPoolAsync(lb);
        var member = await NewMemberAsync(pool, "10.0.0.1", 80);
        await NewMemberAsync(pool, "10.0.0.1", 81);
        await NewMemberAsync(pool2, "10.0.0.1", 80);

        var result = await Sut.CreateMemberAsync(NewMember(pool, "10.0.0.1", 80, name: "dup"), Ct);

        AssertConflict(result, "address");
        var members = (await Sut.ListMembersAsync(project.Id, MemberFilter.All with { PoolId = pool.Id }, PageRequest.First, Ct)).Items;
        Assert.Equal(2, members.Count);
        Assert.DoesNotContain(members, m => m.Name == "dup");
        Assert.Equal(member, members[0]);
    }

    [Fact]
    public async Task HealthMonitor_OnePerPool()
    {
        var project = await NewProjectAsync();
        var pool = await NewPoolAsync(await NewLoadBalancerAsync(project));
        var first = await NewMonitorAsync(pool);

        var second = await Sut.CreateHealthMonitorAsync(first with { Id = "", Spec = FullHttpSpec() }, Ct);

        AssertConflict(second, "pool_id");
        Assert.Equal([first], (await Sut.ListHealthMonitorsAsync(project.Id, HealthMonitorFilter.All, PageRequest.First, Ct)).Items);
    }

    [Fact]
    public async Task InstanceName_UniquePerProjectWhenNotEmpty()
    {
        var project = await NewProjectAsync();
        var other = await NewProjectAsync();
        await NewInstanceAsync(project, name: "host-1");
        await NewInstanceAsync(project);
        await NewInstanceAsync(project);
        await NewInstanceAsync(other, name: "host-1");
        var host2 = await NewInstanceAsync(project, name: "host-2");

        AssertConflict(await Sut.CreateInstanceAsync(host2 with { Id = "", Name = "host-1" }, Ct), "name");
        AssertConflict(await Sut.UpdateInstanceAsync(host2 with { Name = "host-1", Address = "10.1.1.1" }, Ct), "name");

        Assert.Equal(4, (await Sut.ListInstancesAsync(project.Id, InstanceFilter.All, PageRequest.First, Ct)).Items.Count);
        AssertSameInstance(host2, (await Sut.GetInstanceAsync(project.Id, host2.Id, Ct))!);
    }

    [Fact]
    public async Task DeleteLoadBalancer_InUseByListenerOrPool_ConflictUntilTheyAreGone()
    {
        var project = await NewProjectAsync();
        var lb = await NewLoadBalancerAsync(project);
        var pool = await NewPoolAsync(lb);
        var listener = await NewListenerAsync(lb, 80, defaultPoolId: pool.Id);

        AssertConflict(await Sut.DeleteLoadBalancerAsync(project.Id, lb.Id, Ct), "id");
        Ok(await Sut.DeleteListenerAsync(project.Id, listener.Id, Ct));
        AssertConflict(await Sut.DeleteLoadBalancerAsync(project.Id, lb.Id, Ct), "id");
        Ok(await Sut.DeleteServerGroupAsync(project.Id, pool.Id, Ct));
        Ok(await Sut.DeleteLoadBalancerAsync(project.Id, lb.Id, Ct));

        Assert.Null(await Sut.GetLoadBalancerAsync(project.Id, lb.Id, Ct));
    }

    [Fact]
    public async Task DeleteServerGroup_WithMembersOrAsDefaultPool_ConflictAndItsMonitorGoesWithIt()
    {
        var project = await NewProjectAsync();
        var lb = await NewLoadBalancerAsync(project);
        var pool = await NewPoolAsync(lb);
        var monitor = await NewMonitorAsync(pool);
        var member = await NewMemberAsync(pool, "10.0.0.1");
        var listener = await NewListenerAsync(lb, 80, defaultPoolId: pool.Id);

        AssertConflict(await Sut.DeleteServerGroupAsync(project.Id, pool.Id, Ct), "id");
        Ok(await Sut.DeleteMemberAsync(project.Id, member.Id, Ct));
        AssertConflict(await Sut.DeleteServerGroupAsync(project.Id, pool.Id, Ct), "id");
        Assert.Equal(monitor, await Sut.GetHealthMonitorAsync(project.Id, monitor.Id, Ct));
        Ok(await Sut.UpdateListenerAsync(listener with { DefaultPoolId = null }, Ct));
        Ok(await Sut.DeleteServerGroupAsync(project.Id, pool.Id, Ct));

        Assert.Null(await Sut.GetServerGroupAsync(project.Id, pool.Id, Ct));
        Assert.Null(await Sut.GetHealthMonitorAsync(project.Id, monitor.Id, Ct));
    }

    [Fact]
    public async Task DeleteInstance_ReferencedByMember_Conflict()
    {
        var project = await NewProjectAsync();
        var pool = await NewPoolAsync(await NewLoadBalancerAsync(project));
        var instance = await NewInstanceAsync(project);
        var member = await NewMemberAsync(pool, "10.0.0.1", instanceId: instance.Id);

        AssertConflict(await Sut.DeleteInstanceAsync(project.Id, instance.Id, Ct), "id");
        Ok(await Sut.UpdateMemberAsync(member with { InstanceId = null }, Ct));
        Ok(await Sut.DeleteInstanceAsync(project.Id, instance.Id, Ct));

        Assert.Null(await Sut.GetInstanceAsync(project.Id, instance.Id, Ct));
    }

    [Fact]
    public async Task Listener_DefaultPoolOfAnotherLoadBalancer_ConflictOnCreateAndUpdate()
    {
        var project = await NewProjectAsync();
        var lb = await NewLoadBalancerAsync(project);
        var otherLb = await NewLoadBalancerAsync(project);
        var foreignPool = await NewPoolAsync(otherLb);
        var listener = await NewListenerAsync(lb, 80);

        AssertConflict(await Sut.CreateListenerAsync(listener with { Id = "", ProtocolPort = 81, DefaultPoolId = foreignPool.Id }, Ct),
            "default_pool_id");
        AssertConflict(await Sut.UpdateListenerAsync(listener with { DefaultPoolId = foreignPool.Id }, Ct), "default_pool_id");
        AssertNotFound(await Sut.UpdateMemberAsync((await NewMemberAsync(foreignPool, "10.0.0.1")) with { InstanceId = "i-missing" }, Ct),
            "instance_id");

        Assert.Equal(listener, await Sut.GetListenerAsync(project.Id, listener.Id, Ct));
    }

    [Fact]
    public async Task CreateMember_SameEndpointConcurrently_ExactlyOneWins()
    {
        var project = await NewProjectAsync();
        var pool = await NewPoolAsync(await NewLoadBalancerAsync(project));
        var attempts = new Task<StoreResult<Member>>[8];

        for (var i = 0; i < attempts.Length; i++)
        {
            attempts[i] = Sut.CreateMemberAsync(NewMember(pool, "10.0.0.1", 80, name: $"try-{i}"), Ct);
        }

        var results = await Task.WhenAll(attempts);

        Assert.Single(results, r => r.IsOk);
        Assert.All(results.Where(r => !r.IsOk), r => AssertConflict(r, "address"));
        Assert.Single((await Sut.ListMembersAsync(project.Id, MemberFilter.All, PageRequest.First, Ct)).Items);
    }
}
