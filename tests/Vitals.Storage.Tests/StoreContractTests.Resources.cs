using Vitals.Core.Monitoring;
using Vitals.Core.Resources;
using Vitals.Storage.Filters;

namespace Vitals.Storage.Tests;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task LoadBalancer_CreateGetUpdate_RoundTripsEveryField()
    {
        var project = await NewProjectAsync();
        var input = new LoadBalancer
        {
            Id = "", NumericId = 99, ProjectId = project.Id, Name = "web", Description = "front door", Region = "cn-hangzhou",
            CreatedAt = Start.AddYears(-1),
        };

        var created = Ok(await Sut.CreateLoadBalancerAsync(input, Ct));
        Time.Advance(TimeSpan.FromSeconds(30));
        var updated = Ok(await Sut.UpdateLoadBalancerAsync(created with { Name = "web2", Description = "", Region = "eu-west-1" }, Ct));

        Assert.StartsWith("lb-", created.Id, StringComparison.Ordinal);
        Assert.True(created.NumericId > 0);
        Assert.Equal(input with { Id = created.Id, NumericId = created.NumericId, CreatedAt = Start, UpdatedAt = Start }, created);
        Assert.Equal(created with { Name = "web2", Description = "", Region = "eu-west-1", UpdatedAt = Start.AddSeconds(30) }, updated);
        Assert.Equal(updated, await Sut.GetLoadBalancerAsync(project.Id, created.Id, Ct));
    }

    [Fact]
    public async Task ServerGroup_CreateGetUpdate_RoundTripsEveryFieldAndKeepsProtocol()
    {
        var project = await NewProjectAsync();
        var lb = await NewLoadBalancerAsync(project);
        var input = new ServerGroup
        {
            Id = "", NumericId = 0, ProjectId = project.Id, LoadBalancerId = lb.Id, Name = "api", Protocol = PoolProtocol.Grpc,
            LbAlgorithm = "LEAST_CONNECTIONS", AdminStateUp = false,
        };

        var created = Ok(await Sut.CreateServerGroupAsync(input, Ct));
        Time.Advance(TimeSpan.FromSeconds(1));
        var updated = Ok(await Sut.UpdateServerGroupAsync(
            created with { Name = "", LbAlgorithm = "SOURCE_IP", AdminStateUp = true, Protocol = PoolProtocol.Udp }, Ct));

        Assert.StartsWith("sgp-", created.Id, StringComparison.Ordinal);
        Assert.Equal(input with { Id = created.Id, NumericId = created.NumericId, CreatedAt = Start, UpdatedAt = Start }, created);
        Assert.Equal(created with { Name = "", LbAlgorithm = "SOURCE_IP", AdminStateUp = true, UpdatedAt = Start.AddSeconds(1) }, updated);
        Assert.Equal(updated, await Sut.GetServerGroupAsync(project.Id, created.Id, Ct));
    }

    [Fact]
    public async Task Listener_CreateGetUpdate_RoundTripsEveryFieldIncludingNullPool()
    {
        var project = await NewProjectAsync();
        var lb = await NewLoadBalancerAsync(project);
        var pool = await NewPoolAsync(lb);
        var input = new Listener
        {
            Id = "", NumericId = 0, ProjectId = project.Id, LoadBalancerId = lb.Id, Name = "tls", Protocol = ListenerProtocol.TcpSsl,
            ProtocolPort = 443, DefaultPoolId = null, AdminStateUp = false,
        };

        var created = Ok(await Sut.CreateListenerAsync(input, Ct));
        var updated = Ok(await Sut.UpdateListenerAsync(
            created with { DefaultPoolId = pool.Id, AdminStateUp = true, Name = "tls2", ProtocolPort = 8443 }, Ct));
        var cleared = Ok(await Sut.UpdateListenerAsync(updated with { DefaultPoolId = null }, Ct));

        Assert.StartsWith("lsn-", created.Id, StringComparison.Ordinal);
        Assert.Equal(input with { Id = created.Id, NumericId = created.NumericId, CreatedAt = Start, UpdatedAt = Start }, created);
        Assert.Equal(created with { DefaultPoolId = pool.Id, AdminStateUp = true, Name = "tls2" }, updated);
        Assert.Null(cleared.DefaultPoolId);
        Assert.Equal(cleared, await Sut.GetListenerAsync(project.Id, created.Id, Ct));
    }

    [Fact]
    public async Task Member_CreateGetUpdate_RoundTripsEveryFieldAndKeepsAddress()
    {
        var project = await NewProjectAsync();
        var pool = await NewPoolAsync(await NewLoadBalancerAsync(project));
        var instance = await NewInstanceAsync(project);
        var input = new Member
        {
            Id = "", NumericId = 0, ProjectId = project.Id, PoolId = pool.Id, Name = "web-1", Address = "2001:db8::1", ProtocolPort = 8080,
            Weight = 0, AdminStateUp = false, InstanceId = instance.Id,
        };

        var created = Ok(await Sut.CreateMemberAsync(input, Ct));
        Time.Advance(TimeSpan.FromMilliseconds(1));
        var updated = Ok(await Sut.UpdateMemberAsync(
            created with { Weight = 100, AdminStateUp = true, InstanceId = null, Name = "", Address = "10.9.9.9", ProtocolPort = 1 }, Ct));

        Assert.StartsWith("mbr-", created.Id, StringComparison.Ordinal);
        Assert.Equal(input with { Id = created.Id, NumericId = created.NumericId, CreatedAt = Start, UpdatedAt = Start }, created);
        Assert.Equal(created with { Weight = 100, AdminStateUp = true, InstanceId = null, Name = "", UpdatedAt = Start.AddMilliseconds(1) },
            updated);
        Assert.Equal(updated, await Sut.GetMemberAsync(project.Id, created.Id, Ct));
    }

    [Fact]
    public async Task HealthMonitor_CreateGetUpdate_RoundTripsEveryFieldOfTheSpec()
    {
        var project = await NewProjectAsync();
        var pool = await NewPoolAsync(await NewLoadBalancerAsync(project));
        var full = FullHttpSpec();

        var created = await NewMonitorAsync(pool, full);
        var updated = Ok(await Sut.UpdateHealthMonitorAsync(created with { Name = "grpc", Spec = GrpcSpecWithNulls() }, Ct));

        Assert.StartsWith("hm-", created.Id, StringComparison.Ordinal);
        Assert.Equal(full, created.Spec);
        Assert.Equal(pool.Id, created.PoolId);
        Assert.Equal(created with { Name = "grpc", Spec = GrpcSpecWithNulls() }, updated);
        Assert.Equal(updated, await Sut.GetHealthMonitorAsync(project.Id, created.Id, Ct));
    }

    [Fact]
    public async Task Instance_CreateGetUpdate_RoundTripsEveryFieldIncludingWindows()
    {
        var project = await NewProjectAsync();
        var windows = new[]
        {
            new MaintenanceWindow(Start.AddHours(1), Start.AddHours(2), "kernel upgrade"),
            new MaintenanceWindow(Start.AddDays(1), Start.AddDays(1).AddMinutes(30)),
        };
        var input = new Instance
        {
            Id = "", NumericId = 0, ProjectId = project.Id, Name = "web-host", Region = "cn-beijing", Address = "10.0.0.5",
            NodeExporterUrl = "http://10.0.0.5:9100/metrics", MaintenanceWindows = windows,
        };

        var created = Ok(await Sut.CreateInstanceAsync(input, Ct));
        var updated = Ok(await Sut.UpdateInstanceAsync(created with { NodeExporterUrl = null, MaintenanceWindows = [], Address = "::1" }, Ct));

        Assert.StartsWith("i-", created.Id, StringComparison.Ordinal);
        AssertSameInstance(input with { Id = created.Id, NumericId = created.NumericId, CreatedAt = Start, UpdatedAt = Start }, created);
        AssertSameInstance(created with { NodeExporterUrl = null, MaintenanceWindows = [], Address = "::1" }, updated);
        AssertSameInstance(updated, (await Sut.GetInstanceAsync(project.Id, created.Id, Ct))!);
    }

    [Fact]
    public async Task Create_GivenId_KeepsItAndADuplicateIdIsAConflict()
    {
        var project = await NewProjectAsync();
        var lb = Ok(await Sut.CreateLoadBalancerAsync(new LoadBalancer { Id = "lb-mine", NumericId = 0, ProjectId = project.Id }, Ct));

        var again = await Sut.CreateLoadBalancerAsync(new LoadBalancer { Id = "lb-mine", NumericId = 0, ProjectId = project.Id, Name = "x" }, Ct);

        Assert.Equal("lb-mine", lb.Id);
        AssertConflict(again, "id");
        Assert.Single((await Sut.ListLoadBalancersAsync(project.Id, LoadBalancerFilter.All, PageRequest.First, Ct)).Items);
    }

    [Fact]
    public async Task Create_NumericIds_GrowPerKindAndAreNeverReused()
    {
        var project = await NewProjectAsync();
        var lb = await NewLoadBalancerAsync(project);
        var pool = await NewPoolAsync(lb);
        var first = await NewMemberAsync(pool, "10.0.0.1");
        var second = await NewMemberAsync(pool, "10.0.0.2");
        Ok(await Sut.DeleteMemberAsync(project.Id, second.Id, Ct));

        var third = await NewMemberAsync(pool, "10.0.0.3");

        Assert.True(second.NumericId > first.NumericId);
        Assert.True(third.NumericId > second.NumericId);
    }

    [Fact]
    public async Task Create_UnknownParent_NotFoundNamingTheReferenceAndNothingWritten()
    {
        var project = await NewProjectAsync();
        var lb = await NewLoadBalancerAsync(project);
        var pool = await NewPoolAsync(lb);

        AssertNotFound(await Sut.CreateLoadBalancerAsync(new LoadBalancer { Id = "", NumericId = 0, ProjectId = "prj-missing" }, Ct), "project_id");
        AssertNotFound(await Sut.CreateInstanceAsync(new Instance { Id = "", NumericId = 0, ProjectId = "prj-missing", Address = "::1" }, Ct),
            "project_id");
        AssertNotFound(await Sut.CreateServerGroupAsync(new ServerGroup
        {
            Id = "", NumericId = 0, ProjectId = project.Id, LoadBalancerId = "lb-missing", Protocol = PoolProtocol.Tcp,
        }, Ct), "loadbalancer_id");
        AssertNotFound(await Sut.CreateListenerAsync(new Listener
        {
            Id = "", NumericId = 0, ProjectId = project.Id, LoadBalancerId = "lb-missing", Protocol = ListenerProtocol.Tcp, ProtocolPort = 80,
        }, Ct), "loadbalancer_id");
        AssertNotFound(await Sut.CreateListenerAsync(new Listener
        {
            Id = "", NumericId = 0, ProjectId = project.Id, LoadBalancerId = lb.Id, Protocol = ListenerProtocol.Tcp, ProtocolPort = 80,
            DefaultPoolId = "sgp-missing",
        }, Ct), "default_pool_id");
        AssertNotFound(await Sut.CreateMemberAsync(NewMember(pool with { Id = "sgp-missing" }, "10.0.0.1"), Ct), "pool_id");
        AssertNotFound(await Sut.CreateMemberAsync(NewMember(pool, "10.0.0.1", instanceId: "i-missing"), Ct), "instance_id");
        AssertNotFound(await Sut.CreateHealthMonitorAsync(new HealthMonitor
        {
            Id = "", NumericId = 0, ProjectId = project.Id, PoolId = "sgp-missing", Spec = TcpSpec,
        }, Ct), "pool_id");

        var snapshot = await Sut.LoadAllAsync(Ct);
        Assert.Equal([lb], snapshot.LoadBalancers);
        Assert.Equal([pool], snapshot.ServerGroups);
        Assert.Empty(snapshot.Listeners);
        Assert.Empty(snapshot.Members);
        Assert.Empty(snapshot.HealthMonitors);
        Assert.Empty(snapshot.Instances);
    }

    [Fact]
    public async Task UpdateAndDelete_UnknownId_NotFound()
    {
        var project = await NewProjectAsync();
        var lb = await NewLoadBalancerAsync(project);
        var pool = await NewPoolAsync(lb);
        var member = await NewMemberAsync(pool, "10.0.0.1");

        AssertNotFound(await Sut.UpdateLoadBalancerAsync(lb with { Id = "lb-missing" }, Ct));
        AssertNotFound(await Sut.UpdateServerGroupAsync(pool with { Id = "sgp-missing" }, Ct));
        AssertNotFound(await Sut.UpdateMemberAsync(member with { Id = "mbr-missing" }, Ct));
        AssertNotFound(await Sut.DeleteLoadBalancerAsync(project.Id, "lb-missing", Ct));
        AssertNotFound(await Sut.DeleteListenerAsync(project.Id, "lsn-missing", Ct));
        AssertNotFound(await Sut.DeleteServerGroupAsync(project.Id, "sgp-missing", Ct));
        AssertNotFound(await Sut.DeleteMemberAsync(project.Id, "mbr-missing", Ct));
        AssertNotFound(await Sut.DeleteHealthMonitorAsync(project.Id, "hm-missing", Ct));
        AssertNotFound(await Sut.DeleteInstanceAsync(project.Id, "i-missing", Ct));
        Assert.Null(await Sut.GetMemberAsync(project.Id, "mbr-missing", Ct));
    }

    private static HealthMonitorSpec GrpcSpecWithNulls() => new()
    {
        Type = HealthMonitorType.Grpc,
        Delay = 1,
        Timeout = 1,
        MaxRetries = 1,
        MaxRetriesDown = 1,
        ExpectedCodes = ExpectedCodes.GrpcDefault,
        DomainName = null,
        MonitorPort = null,
    };
}
