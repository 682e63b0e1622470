using Vitals.Core.Resources;
using Vitals.Storage.Filters;

namespace Vitals.Storage.Tests;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task HaproxyBinding_CreateGetUpdate_RoundTripsEveryField()
    {
        var project = await NewProjectAsync();
        var lb = await NewLoadBalancerAsync(project);
        var pool = await NewPoolAsync(lb);
        var input = NewBinding(lb, "edge", "/run/haproxy/admin.sock") with
        {
            Description = "the edge pair",
            Backends = new Dictionary<string, string>(StringComparer.Ordinal) { [pool.Id] = "be_web", ["sgp-other"] = "be:2" },
            ManageServers = true,
            AdminStateUp = false,
        };

        var created = Ok(await Sut.CreateHaproxyBindingAsync(input, Ct));
        Time.Advance(TimeSpan.FromMilliseconds(1));
        var changed = created with
        {
            Name = "edge-2", Description = "", RuntimeApi = "10.0.0.9:9999", Backends = new Dictionary<string, string>(StringComparer.Ordinal),
            ManageServers = false, AdminStateUp = true, LoadBalancerId = "lb-ignored",
        };
        var updated = Ok(await Sut.UpdateHaproxyBindingAsync(changed, Ct));
        var read = await Sut.GetHaproxyBindingAsync(project.Id, created.Id, Ct);

        Assert.StartsWith("hab-", created.Id, StringComparison.Ordinal);
        AssertSameBinding(input with { Id = created.Id, NumericId = created.NumericId, CreatedAt = Start, UpdatedAt = Start }, created);
        AssertSameBinding(changed with { LoadBalancerId = lb.Id, UpdatedAt = Start.AddMilliseconds(1) }, updated);
        AssertSameBinding(updated, read!);
    }

    [Fact]
    public async Task HaproxyBinding_UnknownOrForeignLoadBalancer_NotFoundOnLoadBalancerId()
    {
        var project = await NewProjectAsync();
        var other = await NewProjectAsync();
        var foreignLb = await NewLoadBalancerAsync(other);

        AssertNotFound(await Sut.CreateHaproxyBindingAsync(NewBinding(foreignLb, "x", "/run/haproxy/a.sock") with { ProjectId = project.Id }, Ct),
            "loadbalancer_id");
        AssertNotFound(await Sut.CreateHaproxyBindingAsync(NewBinding(foreignLb, "x", "/run/haproxy/a.sock") with
        {
            ProjectId = project.Id, LoadBalancerId = "lb-missing",
        }, Ct), "loadbalancer_id");
        Assert.Empty((await Sut.ListHaproxyBindingsAsync(project.Id, HaproxyBindingFilter.All, new PageRequest(0, 10), Ct)).Items);
    }

    [Fact]
    public async Task HaproxyBinding_NameTakenOnSameLoadBalancer_ConflictOnName()
    {
        var project = await NewProjectAsync();
        var lb = await NewLoadBalancerAsync(project);
        var lb2 = await NewLoadBalancerAsync(project);
        var first = Ok(await Sut.CreateHaproxyBindingAsync(NewBinding(lb, "edge", "/run/haproxy/a.sock"), Ct));

        AssertConflict(await Sut.CreateHaproxyBindingAsync(NewBinding(lb, "edge", "/run/haproxy/b.sock"), Ct), "name");
        Ok(await Sut.CreateHaproxyBindingAsync(NewBinding(lb2, "edge", "/run/haproxy/b.sock"), Ct));
        Ok(await Sut.CreateHaproxyBindingAsync(NewBinding(lb, "", "/run/haproxy/c.sock"), Ct));
        Ok(await Sut.CreateHaproxyBindingAsync(NewBinding(lb, "", "/run/haproxy/d.sock"), Ct));
        var second = Ok(await Sut.CreateHaproxyBindingAsync(NewBinding(lb, "other", "/run/haproxy/e.sock"), Ct));
        AssertConflict(await Sut.UpdateHaproxyBindingAsync(second with { Name = "edge" }, Ct), "name");
        Assert.Equal("other", (await Sut.GetHaproxyBindingAsync(project.Id, second.Id, Ct))!.Name);
        Assert.Equal("edge", (await Sut.GetHaproxyBindingAsync(project.Id, first.Id, Ct))!.Name);
    }

    [Fact]
    public async Task DeleteLoadBalancer_WithHaproxyBinding_ConflictUntilTheBindingIsDeleted()
    {
        var project = await NewProjectAsync();
        var lb = await NewLoadBalancerAsync(project);
        var binding = Ok(await Sut.CreateHaproxyBindingAsync(NewBinding(lb, "edge", "/run/haproxy/a.sock"), Ct));

        AssertConflict(await Sut.DeleteLoadBalancerAsync(project.Id, lb.Id, Ct), "id");
        Assert.NotNull(await Sut.GetLoadBalancerAsync(project.Id, lb.Id, Ct));
        AssertNotFound(await Sut.DeleteHaproxyBindingAsync(project.Id, "hab-missing", Ct));
        Ok(await Sut.DeleteHaproxyBindingAsync(project.Id, binding.Id, Ct));
        Ok(await Sut.DeleteLoadBalancerAsync(project.Id, lb.Id, Ct));
        Assert.Null(await Sut.GetHaproxyBindingAsync(project.Id, binding.Id, Ct));
    }

    [Fact]
    public async Task HaproxyBinding_OtherProject_NotFoundAndNotListed()
    {
        var project = await NewProjectAsync();
        var other = await NewProjectAsync();
        var binding = Ok(await Sut.CreateHaproxyBindingAsync(NewBinding(await NewLoadBalancerAsync(project), "edge", "/run/haproxy/a.sock"), Ct));

        Assert.Null(await Sut.GetHaproxyBindingAsync(other.Id, binding.Id, Ct));
        AssertNotFound(await Sut.UpdateHaproxyBindingAsync(binding with { ProjectId = other.Id, Name = "stolen" }, Ct));
        AssertNotFound(await Sut.DeleteHaproxyBindingAsync(other.Id, binding.Id, Ct));
        Assert.Empty((await Sut.ListHaproxyBindingsAsync(other.Id, HaproxyBindingFilter.All, new PageRequest(0, 10), Ct)).Items);
        Assert.Equal("edge", (await Sut.GetHaproxyBindingAsync(project.Id, binding.Id, Ct))!.Name);
    }

    [Fact]
    public async Task ListHaproxyBindings_FilterByLoadBalancerAndPages_InNumericOrder()
    {
        var project = await NewProjectAsync();
        var lb = await NewLoadBalancerAsync(project);
        var lb2 = await NewLoadBalancerAsync(project);
        var ofLb = new List<HaproxyBinding>();
        for (var i = 0; i < 5; i++)
        {
            ofLb.Add(Ok(await Sut.CreateHaproxyBindingAsync(NewBinding(lb, $"b{i}", $"/run/haproxy/{i}.sock"), Ct)));
            Ok(await Sut.CreateHaproxyBindingAsync(NewBinding(lb2, $"b{i}", $"/run/haproxy/{i}.sock"), Ct));
        }

        var filter = HaproxyBindingFilter.All with { LoadBalancerId = lb.Id };
        var first = await Sut.ListHaproxyBindingsAsync(project.Id, filter, new PageRequest(0, 3, CountTotal: true), Ct);
        var second = await Sut.ListHaproxyBindingsAsync(project.Id, filter, new PageRequest(first.NextAfter!.Value, 3, CountTotal: true), Ct);
        var byName = await Sut.ListHaproxyBindingsAsync(project.Id, filter with { Name = "b3" }, new PageRequest(0, 10), Ct);

        Assert.Equal(ofLb.Take(3).Select(b => b.Id), first.Items.Select(b => b.Id));
        Assert.Equal(5, first.TotalCount);
        Assert.Equal(ofLb.Skip(3).Select(b => b.Id), second.Items.Select(b => b.Id));
        Assert.Null(second.NextAfter);
        Assert.Equal(ofLb[3].Id, Assert.Single(byName.Items).Id);
        Assert.Equal(10, (await Sut.ListHaproxyBindingsAsync(project.Id, HaproxyBindingFilter.All, new PageRequest(0, 100), Ct)).Items.Count);
    }

    [Fact]
    public async Task HaproxyBindingsAndMinHealthyPercent_SurviveRestartAndAreInTheSnapshot()
    {
        var project = await NewProjectAsync();
        var lb = await NewLoadBalancerAsync(project);
        var pool = Ok(await Sut.CreateServerGroupAsync(new ServerGroup
        {
            Id = "", NumericId = 0, ProjectId = project.Id, LoadBalancerId = lb.Id, Protocol = PoolProtocol.Tcp, MinHealthyPercent = 50,
        }, Ct));
        var off = await NewPoolAsync(lb);
        var binding = Ok(await Sut.CreateHaproxyBindingAsync(NewBinding(lb, "edge", "[::1]:9999") with
        {
            Backends = new Dictionary<string, string>(StringComparer.Ordinal) { [pool.Id] = "be_tcp" },
        }, Ct));

        await RestartAsync();
        var snapshot = await Sut.LoadAllAsync(Ct);
        var lowered = Ok(await Sut.UpdateServerGroupAsync(pool with { MinHealthyPercent = null }, Ct));

        Assert.Equal(50, pool.MinHealthyPercent);
        Assert.Null(off.MinHealthyPercent);
        Assert.Equal([pool, off], snapshot.ServerGroups);
        AssertSameBinding(binding, Assert.Single(snapshot.HaproxyBindings));
        Assert.Null(lowered.MinHealthyPercent);
        Assert.Null((await Sut.GetServerGroupAsync(project.Id, pool.Id, Ct))!.MinHealthyPercent);
    }

    protected static HaproxyBinding NewBinding(LoadBalancer lb, string name, string runtimeApi) => new()
    {
        Id = "", NumericId = 0, ProjectId = lb.ProjectId, LoadBalancerId = lb.Id, Name = name, RuntimeApi = runtimeApi,
    };

    /// <summary>Records compare dictionaries by reference: the backends are compared as entries.</summary>
    protected static void AssertSameBinding(HaproxyBinding expected, HaproxyBinding actual)
    {
        Assert.Equal(expected.Backends.OrderBy(e => e.Key, StringComparer.Ordinal), actual.Backends.OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.Equal(expected with { Backends = actual.Backends }, actual);
    }
}
