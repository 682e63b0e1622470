using Vitals.Core.Monitoring;
using Vitals.Core.Resources;
using Vitals.Testing;

namespace Vitals.Storage.Tests;

/// <summary>
/// The behaviour every <see cref="IStore"/> must have. Each implementation runs it by deriving and saying how to open
/// an empty store and how to reopen the same data (a restart). Each test gets a fresh store.
/// </summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, 123, TimeSpan.Zero);

    protected ManualTimeProvider Time { get; } = new(Start);

    protected IStore Sut { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Opens a new, empty store.</summary>
    protected abstract Task<IStore> OpenEmptyAsync(TimeProvider timeProvider);

    /// <summary>Closes <paramref name="store"/> and opens the same data again, as a restart does.</summary>
    protected abstract Task<IStore> ReopenAsync(IStore store, TimeProvider timeProvider);

    /// <summary>Runs <paramref name="sql"/> on the store's database outside the store (to read raw columns or plant rows).</summary>
    protected abstract Task<int> ExecuteRawAsync(string sql, object? parameters = null);

    /// <summary>Reads one value with <paramref name="sql"/> outside the store.</summary>
    protected abstract Task<T?> ScalarRawAsync<T>(string sql, object? parameters = null);

    /// <summary>An SQL expression for "now" in an instant column of this database.</summary>
    protected abstract string RawNow { get; }

    public virtual async ValueTask InitializeAsync() => Sut = await OpenEmptyAsync(Time);

    public virtual async ValueTask DisposeAsync()
    {
        await Sut.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected async Task RestartAsync() => Sut = await ReopenAsync(Sut, Time);

    protected static T Ok<T>(StoreResult<T> result)
    {
        Assert.True(result.IsOk, $"expected Ok, got {result}");
        return result.Value!;
    }

    protected static void AssertConflict<T>(StoreResult<T> result, string field)
    {
        Assert.Equal(StoreOutcome.Conflict, result.Outcome);
        Assert.Equal(field, result.Field);
        Assert.False(string.IsNullOrEmpty(result.Message));
    }

    protected static void AssertNotFound<T>(StoreResult<T> result, string? field = null)
    {
        Assert.Equal(StoreOutcome.NotFound, result.Outcome);
        Assert.Equal(field, result.Field);
    }

    protected async Task<Project> NewProjectAsync(string name = "", string? tokenHash = null) =>
        Ok(await Sut.CreateProjectAsync(new Project("", name, default), tokenHash, Ct));

    protected async Task<LoadBalancer> NewLoadBalancerAsync(Project project, string name = "") =>
        Ok(await Sut.CreateLoadBalancerAsync(new LoadBalancer { Id = "", NumericId = 0, ProjectId = project.Id, Name = name }, Ct));

    protected async Task<ServerGroup> NewPoolAsync(LoadBalancer lb, PoolProtocol protocol = PoolProtocol.Http, string name = "") =>
        Ok(await Sut.CreateServerGroupAsync(
            new ServerGroup { Id = "", NumericId = 0, ProjectId = lb.ProjectId, LoadBalancerId = lb.Id, Protocol = protocol, Name = name }, Ct));

    protected async Task<Listener> NewListenerAsync(LoadBalancer lb, int port, ListenerProtocol protocol = ListenerProtocol.Tcp,
        string? defaultPoolId = null) =>
        Ok(await Sut.CreateListenerAsync(new Listener
        {
            Id = "", NumericId = 0, ProjectId = lb.ProjectId, LoadBalancerId = lb.Id, Protocol = protocol, ProtocolPort = port,
            DefaultPoolId = defaultPoolId,
        }, Ct));

    protected async Task<Member> NewMemberAsync(ServerGroup pool, string address, int port = 80, string? instanceId = null, string name = "") =>
        Ok(await Sut.CreateMemberAsync(NewMember(pool, address, port, instanceId, name), Ct));

    protected static Member NewMember(ServerGroup pool, string address, int port = 80, string? instanceId = null, string name = "") => new()
    {
        Id = "", NumericId = 0, ProjectId = pool.ProjectId, PoolId = pool.Id, Address = address, ProtocolPort = port,
        InstanceId = instanceId, Name = name,
    };

    protected async Task<HealthMonitor> NewMonitorAsync(ServerGroup pool, HealthMonitorSpec? spec = null) =>
        Ok(await Sut.CreateHealthMonitorAsync(new HealthMonitor
        {
            Id = "", NumericId = 0, ProjectId = pool.ProjectId, PoolId = pool.Id, Spec = spec ?? TcpSpec,
        }, Ct));

    protected async Task<Instance> NewInstanceAsync(Project project, string address = "10.0.0.9", string name = "") =>
        Ok(await Sut.CreateInstanceAsync(new Instance { Id = "", NumericId = 0, ProjectId = project.Id, Address = address, Name = name }, Ct));

    protected static HealthMonitorSpec TcpSpec { get; } = new() { Type = HealthMonitorType.Tcp, Delay = 5, Timeout = 3, MaxRetries = 3 };

    protected static HealthMonitorSpec FullHttpSpec()
    {
        Assert.True(ExpectedCodes.TryParse("200-204,301", 200, 599, out var codes, out _));
        return new HealthMonitorSpec
        {
            Type = HealthMonitorType.Https,
            Delay = 10,
            Timeout = 4,
            MaxRetries = 2,
            MaxRetriesDown = 5,
            ExpectedCodes = codes,
            UrlPath = "/healthz?deep=1",
            HttpMethod = HttpCheckMethod.Head,
            DomainName = "www.example.com",
            MonitorPort = 8443,
            AdminStateUp = false,
        };
    }

    protected static void AssertSameInstance(Instance expected, Instance actual)
    {
        Assert.Equal(expected with { MaintenanceWindows = [] }, actual with { MaintenanceWindows = [] });
        Assert.Equal(expected.MaintenanceWindows, actual.MaintenanceWindows);
    }
}
