using Vitals.Core.Monitoring;
using Vitals.Core.Resources;
using Vitals.Storage.Filters;

namespace Vitals.Storage.Tests;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task ListMembers_Pages_InNumericIdOrderUntilNextAfterIsNull()
    {
        var project = await NewProjectAsync();
        var pool = await NewPoolAsync(await NewLoadBalancerAsync(project));
        var created = new List<Member>();
        for (var i = 1; i <= 25; i++)
        {
            created.Add(await NewMemberAsync(pool, $"10.0.0.{i}"));
        }

        var seen = new List<Member>();
        var sizes = new List<int>();
        var page = new PageRequest(0, 10, CountTotal: true);
        for (var guard = 0; guard < 10; guard++)
        {
            var result = await Sut.ListMembersAsync(project.Id, MemberFilter.All, page, Ct);
            Assert.Equal(25, result.TotalCount);
            seen.AddRange(result.Items);
            sizes.Add(result.Items.Count);
            if (result.NextAfter is not { } next)
            {
                break;
            }

            page = page with { After = next };
        }

        Assert.Equal([10, 10, 5], sizes);
        Assert.Equal(created, seen);
    }

    [Fact]
    public async Task ListMembers_RowsAddedAndRemovedBetweenPages_NoRowTwiceNoSurvivorSkipped()
    {
        var project = await NewProjectAsync();
        var pool = await NewPoolAsync(await NewLoadBalancerAsync(project));
        var created = new List<Member>();
        for (var i = 1; i <= 20; i++)
        {
            created.Add(await NewMemberAsync(pool, $"10.0.1.{i}"));
        }

        var first = await Sut.ListMembersAsync(project.Id, MemberFilter.All, new PageRequest(0, 8), Ct);
        // Between pages: a row already seen and a row not yet seen disappear, new rows arrive.
        Ok(await Sut.DeleteMemberAsync(project.Id, created[2].Id, Ct));
        Ok(await Sut.DeleteMemberAsync(project.Id, created[12].Id, Ct));
        var late = await NewMemberAsync(pool, "10.0.1.200");
        var rest = new List<Member>();
        var after = first.NextAfter!.Value;
        for (var guard = 0; guard < 10; guard++)
        {
            var page = await Sut.ListMembersAsync(project.Id, MemberFilter.All, new PageRequest(after, 8), Ct);
            rest.AddRange(page.Items);
            if (page.NextAfter is not { } next)
            {
                break;
            }

            after = next;
        }

        Assert.Equal(created.Take(8), first.Items);
        Assert.Equal([.. created.Skip(8).Where(m => m.Id != created[12].Id), late], rest);
    }

    [Fact]
    public async Task PageRequest_LimitOutOfRange_IsClamped()
    {
        var project = await NewProjectAsync();
        await NewLoadBalancerAsync(project);
        await NewLoadBalancerAsync(project);

        var page = await Sut.ListLoadBalancersAsync(project.Id, LoadBalancerFilter.All, new PageRequest(0, 0), Ct);

        Assert.Single(page.Items);
        Assert.NotNull(page.NextAfter);
        Assert.Null(page.TotalCount);
    }

    [Fact]
    public async Task ListMembers_EachFilter_ReturnsOnlyMatchingRows()
    {
        var project = await NewProjectAsync();
        var lb = await NewLoadBalancerAsync(project);
        var pool = await NewPoolAsync(lb);
        var pool2 = await NewPoolAsync(lb);
        var instance = await NewInstanceAsync(project);
        var a = await NewMemberAsync(pool, "10.0.0.1", 80, instance.Id, "a");
        var b = await NewMemberAsync(pool, "10.0.0.2", 81);
        var c = Ok(await Sut.CreateMemberAsync(NewMember(pool2, "10.0.0.1", 81) with { AdminStateUp = false }, Ct));

        async Task<IReadOnlyList<Member>> List(MemberFilter filter) =>
            (await Sut.ListMembersAsync(project.Id, filter, PageRequest.First, Ct)).Items;

        Assert.Equal([a, b], await List(new MemberFilter { PoolId = pool.Id }));
        Assert.Equal([a, c], await List(new MemberFilter { Address = "10.0.0.1" }));
        Assert.Equal([b, c], await List(new MemberFilter { ProtocolPort = 81 }));
        Assert.Equal([c], await List(new MemberFilter { Address = "10.0.0.1", ProtocolPort = 81 }));
        Assert.Equal([a], await List(new MemberFilter { InstanceId = instance.Id }));
        Assert.Equal([c], await List(new MemberFilter { AdminStateUp = false }));
        Assert.Equal([a], await List(new MemberFilter { Name = "a" }));
        Assert.Equal([a, c], await List(new MemberFilter { Ids = [c.Id, a.Id, "mbr-missing"] }));
        Assert.Empty(await List(new MemberFilter { Ids = [] }));
        Assert.Equal([b], await List(new MemberFilter { NumericId = b.NumericId }));
        Assert.Equal(2, (await Sut.ListMembersAsync(project.Id, new MemberFilter { Address = "10.0.0.1" }, new PageRequest(0, 1, true), Ct))
            .TotalCount);
    }

    [Fact]
    public async Task ListOtherKinds_EachFilter_ReturnsOnlyMatchingRows()
    {
        var project = await NewProjectAsync();
        var lb = Ok(await Sut.CreateLoadBalancerAsync(
            new LoadBalancer { Id = "", NumericId = 0, ProjectId = project.Id, Name = "web", Region = "cn-hangzhou" }, Ct));
        var lb2 = await NewLoadBalancerAsync(project, "api");
        var http = await NewPoolAsync(lb, PoolProtocol.Http);
        var udp = await NewPoolAsync(lb2, PoolProtocol.Udp);
        var l1 = await NewListenerAsync(lb, 80, ListenerProtocol.Http, http.Id);
        var l2 = await NewListenerAsync(lb, 53, ListenerProtocol.Udp);
        var l3 = await NewListenerAsync(lb2, 80, ListenerProtocol.Tcp);
        var m1 = await NewMonitorAsync(http, FullHttpSpec());
        var m2 = await NewMonitorAsync(udp, TcpSpec with { Type = HealthMonitorType.UdpConnect });
        var i1 = Ok(await Sut.CreateInstanceAsync(
            new Instance { Id = "", NumericId = 0, ProjectId = project.Id, Address = "10.0.0.5", Region = "cn-beijing", Name = "h1" }, Ct));
        await NewInstanceAsync(project, "10.0.0.6");

        Assert.Equal([lb], (await Sut.ListLoadBalancersAsync(project.Id, new LoadBalancerFilter { Region = "cn-hangzhou" }, PageRequest.First, Ct)).Items);
        Assert.Equal([lb2], (await Sut.ListLoadBalancersAsync(project.Id, new LoadBalancerFilter { Name = "api" }, PageRequest.First, Ct)).Items);
        Assert.Equal([l1, l3], (await Sut.ListListenersAsync(project.Id, new ListenerFilter { ProtocolPort = 80 }, PageRequest.First, Ct)).Items);
        Assert.Equal([l2], (await Sut.ListListenersAsync(project.Id, new ListenerFilter { Protocol = ListenerProtocol.Udp }, PageRequest.First, Ct)).Items);
        Assert.Equal([l3], (await Sut.ListListenersAsync(project.Id, new ListenerFilter { LoadBalancerId = lb2.Id }, PageRequest.First, Ct)).Items);
        Assert.Equal([l1], (await Sut.ListListenersAsync(project.Id, new ListenerFilter { DefaultPoolId = http.Id }, PageRequest.First, Ct)).Items);
        Assert.Equal([udp], (await Sut.ListServerGroupsAsync(project.Id, new ServerGroupFilter { Protocol = PoolProtocol.Udp }, PageRequest.First, Ct)).Items);
        Assert.Equal([http], (await Sut.ListServerGroupsAsync(project.Id, new ServerGroupFilter { LoadBalancerId = lb.Id }, PageRequest.First, Ct)).Items);
        Assert.Equal([m2], (await Sut.ListHealthMonitorsAsync(project.Id, new HealthMonitorFilter { Type = HealthMonitorType.UdpConnect },
            PageRequest.First, Ct)).Items);
        Assert.Equal([m1], (await Sut.ListHealthMonitorsAsync(project.Id, new HealthMonitorFilter { PoolId = http.Id }, PageRequest.First, Ct)).Items);
        var byRegion = Assert.Single((await Sut.ListInstancesAsync(project.Id, new InstanceFilter { Region = "cn-beijing" }, PageRequest.First, Ct)).Items);
        AssertSameInstance(i1, byRegion);
        var byAddress = Assert.Single((await Sut.ListInstancesAsync(project.Id, new InstanceFilter { Address = "10.0.0.5" }, PageRequest.First, Ct)).Items);
        AssertSameInstance(i1, byAddress);
    }
}
