using Microsoft.Extensions.Logging.Abstractions;
using Vitals.Control.Fleet;
using Vitals.Control.Health;
using Vitals.Core.Health;
using Vitals.Core.Resources;
using Vitals.Core.Targets;
using Vitals.Engine;
using Vitals.Probes;
using Vitals.Storage.Sqlite;
using Vitals.Testing;

namespace Vitals.Control.Tests.Targets;

/// <summary>
/// A database written before the target policy (here: by a fleet service without one) holds a member at the metadata
/// address: the coordinator, under the default policy, never registers it with the engine and says why in its health.
/// Real SQLite file, real engine on a fake clock (so nothing is probed even by mistake).
/// </summary>
public sealed class StoredDeniedMemberTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"vitals-denied-{Guid.NewGuid():N}.db");
    private SqliteStore _store = null!;
    private HealthEngine? _engine;
    private HealthCoordinator? _coordinator;

    public async ValueTask InitializeAsync() => _store = await SqliteStore.OpenAsync(_path, _time);

    public async ValueTask DisposeAsync()
    {
        if (_coordinator is not null)
        {
            await _coordinator.StopAsync(CancellationToken.None);
        }

        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }

        await _store.DisposeAsync();
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(_path)!, Path.GetFileName(_path) + "*"))
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Start_StoredMemberAtMetadataAddress_NotRegisteredAndReasonNamesTheRule()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = new FleetService(_store, [], NullLogger<FleetService>.Instance, TargetPolicy.Unrestricted);
        var (project, pool) = await ProjectWithMonitoredPoolAsync(before, ct);
        var denied = await before.CreateMemberAsync(project, new MemberInput { PoolId = pool, Address = "169.254.169.254", ProtocolPort = 80 }, ct);
        var allowed = await before.CreateMemberAsync(project, new MemberInput { PoolId = pool, Address = "10.0.0.1", ProtocolPort = 80 }, ct);
        Assert.True(denied.IsSuccess && allowed.IsSuccess);

        var sut = await StartAsync(TargetPolicy.Default, ct);

        Assert.Null(_engine!.GetMember(denied.Value!.Id));
        Assert.NotNull(_engine.GetMember(allowed.Value!.Id));
        var health = sut.GetMember(ProjectScope.Of(project), denied.Value.Id)!;
        Assert.Equal(HealthState.Unavailable, health.State);
        Assert.False(health.Checked);
        Assert.Null(health.Last);
        Assert.Contains("169.254.169.254 is a cloud metadata address, denied by the target policy; see --allow-targets", health.Reason,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_UnderDefaultPolicy_RefusedOnTheAddressFieldAndNothingStored()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = new FleetService(_store, [], NullLogger<FleetService>.Instance);
        var (project, pool) = await ProjectWithMonitoredPoolAsync(sut, ct);

        var result = await sut.CreateMemberAsync(project, new MemberInput { PoolId = pool, Address = "2130706433", ProtocolPort = 80 }, ct);

        Assert.Equal(FleetOutcome.Invalid, result.Outcome);
        var error = Assert.Single(result.Errors);
        Assert.Equal("address", error.Field);
        Assert.Equal("127.0.0.1 is a loopback address, denied by the target policy; see --allow-targets", error.Message);
        var members = await sut.ListMembersAsync(project, Storage.Filters.MemberFilter.All, new FleetPaging(100, null), ct);
        Assert.Empty(members.Value!.Items);
    }

    private async Task<LiveHealthReader> StartAsync(TargetPolicy policy, CancellationToken ct)
    {
        _engine = new HealthEngine(new Prober(_time), _time);
        _coordinator = new HealthCoordinator(_engine, _store, _time, new HealthRecorder(_store, _time, NullLogger<HealthRecorder>.Instance),
            new HealthEventHub(), NullLogger<HealthCoordinator>.Instance, policy);
        await _coordinator.StartAsync(ct);
        return _coordinator.Reader;
    }

    private async Task<(string Project, string Pool)> ProjectWithMonitoredPoolAsync(FleetService fleet, CancellationToken ct)
    {
        var id = ResourceIds.New(ResourceIds.Project, Random.Shared);
        var project = await _store.CreateProjectAsync(new Project(id, id, _time.GetUtcNow()), null, ct);
        var projectId = project.Value!.Id;
        var lb = await fleet.CreateLoadBalancerAsync(projectId, new LoadBalancerInput { Name = "lb" }, ct);
        var pool = await fleet.CreateServerGroupAsync(projectId, new ServerGroupInput { Name = "pool", LoadBalancerId = lb.Value!.Id, Protocol = "TCP" }, ct);
        var monitor = await fleet.CreateHealthMonitorAsync(projectId,
            new HealthMonitorInput { PoolId = pool.Value!.Pool.Id, Type = "TCP", Delay = 50, Timeout = 5, MaxRetries = 2 }, ct);
        Assert.True(monitor.IsSuccess, monitor.ToString());
        return (projectId, pool.Value!.Pool.Id);
    }
}
