using Microsoft.Extensions.DependencyInjection;
using Vitals.Control.Fleet;
using Vitals.Core.Monitoring;
using Vitals.Core.Resources;
using Vitals.Storage;

namespace Vitals.Server.Tests.Support;

/// <summary>
/// Creates and changes fleet resources the way the fleet service does: a store write, then
/// <see cref="IFleetObserver.OnUpserted"/> / <see cref="IFleetObserver.OnDeleted"/> with the committed record.
/// Resolves the store and observer on every call, so it keeps working across <see cref="RunningServer.RestartAsync"/>.
/// </summary>
public sealed class FleetSeeder(RunningServer server, string projectId)
{
    private IStore Store => server.Services.GetRequiredService<IStore>();

    private IFleetObserver Observer => server.Services.GetRequiredService<IFleetObserver>();

    public string ProjectId { get; } = projectId;

    /// <summary>A monitor spec fit for tests: every second, rise 1, fall 1 unless told otherwise.</summary>
    public static HealthMonitorSpec Spec(HealthMonitorType type, string urlPath = "/health", int rise = 1, int fall = 1) => new()
    {
        Type = type,
        Delay = 1,
        Timeout = 1,
        MaxRetries = rise,
        MaxRetriesDown = fall,
        UrlPath = urlPath,
    };

    public async Task<LoadBalancer> LoadBalancerAsync(string name = "lb") =>
        Upserted(await Store.CreateLoadBalancerAsync(new LoadBalancer { Id = "", NumericId = 0, ProjectId = ProjectId, Name = name }, Token));

    public async Task<ServerGroup> PoolAsync(LoadBalancer lb, PoolProtocol protocol = PoolProtocol.Http, string name = "pool") =>
        Upserted(await Store.CreateServerGroupAsync(new ServerGroup
        {
            Id = "", NumericId = 0, ProjectId = ProjectId, Name = name, LoadBalancerId = lb.Id, Protocol = protocol,
        }, Token));

    public async Task<HealthMonitor> MonitorAsync(ServerGroup pool, HealthMonitorSpec spec) =>
        Upserted(await Store.CreateHealthMonitorAsync(new HealthMonitor { Id = "", NumericId = 0, ProjectId = ProjectId, PoolId = pool.Id, Spec = spec }, Token));

    public async Task<Listener> ListenerAsync(LoadBalancer lb, ServerGroup pool, ListenerProtocol protocol = ListenerProtocol.Http, int port = 80) =>
        Upserted(await Store.CreateListenerAsync(new Listener
        {
            Id = "", NumericId = 0, ProjectId = ProjectId, LoadBalancerId = lb.Id, Protocol = protocol, ProtocolPort = port, DefaultPoolId = pool.Id,
        }, Token));

    public async Task<Member> MemberAsync(ServerGroup pool, int port, int weight = 1, string address = "127.0.0.1", string name = "") =>
        Upserted(await Store.CreateMemberAsync(new Member
        {
            Id = "", NumericId = 0, ProjectId = ProjectId, PoolId = pool.Id, Address = address, ProtocolPort = port, Weight = weight, Name = name,
        }, Token));

    public async Task<Member> UpdateMemberAsync(Member member) => Upserted(await Store.UpdateMemberAsync(member, Token));

    public async Task<HealthMonitor> UpdateMonitorAsync(HealthMonitor monitor) => Upserted(await Store.UpdateHealthMonitorAsync(monitor, Token));

    public async Task DeleteMemberAsync(Member member)
    {
        var deleted = await Store.DeleteMemberAsync(ProjectId, member.Id, Token);
        Assert.True(deleted.IsOk, deleted.ToString());
        Observer.OnDeleted(member);
    }

    public async Task DeleteMonitorAsync(HealthMonitor monitor)
    {
        var deleted = await Store.DeleteHealthMonitorAsync(ProjectId, monitor.Id, Token);
        Assert.True(deleted.IsOk, deleted.ToString());
        Observer.OnDeleted(monitor);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private T Upserted<T>(StoreResult<T> result)
        where T : Resource
    {
        Assert.True(result.IsOk, result.ToString());
        Observer.OnUpserted(result.Value!);
        return result.Value!;
    }
}
