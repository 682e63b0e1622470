using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Vitals.Control.Fleet;
using Vitals.Control.Health;
using Vitals.Core.Health;
using Vitals.Core.Probing;
using Vitals.Core.Resources;
using Vitals.Core.Targets;
using Vitals.Engine;
using Vitals.Probes;
using Vitals.Storage;
using Vitals.Storage.Sqlite;
using Vitals.Testing;

namespace Vitals.Control.Tests.Health;

/// <summary>
/// The live-health reader over a real SQLite store and a real engine on a fake clock (so nothing is probed): project
/// scoping, the restore fallback, members that are not checked, and the counts.
/// </summary>
public sealed class LiveHealthReaderTests : IAsyncLifetime
{
    // The members are at 127.0.0.1, which the target policy denies unless allowed.
    private static readonly TargetPolicy Loopback = new([IPNetwork.Parse("127.0.0.0/8")], [], []);
    private readonly ManualTimeProvider _time = new();
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"vitals-reader-{Guid.NewGuid():N}.db");
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
    public async Task GetMember_ResumedMember_ShowsTheSavedCheckUntilTheEngineHasItsOwn_AndOnlyInItsProject()
    {
        var ct = TestContext.Current.CancellationToken;
        var fleet = new FleetService(_store, [], NullLogger<FleetService>.Instance, Loopback);
        var (projectA, poolA) = await ProjectWithPoolAsync(fleet, monitored: true, ct);
        var (projectB, poolB) = await ProjectWithPoolAsync(fleet, monitored: false, ct);
        var saved = await MemberAsync(fleet, projectA, poolA, 1, ct);
        var fresh = await MemberAsync(fleet, projectA, poolA, 2, ct);
        var unchecked_ = await MemberAsync(fleet, projectB, poolB, 3, ct);
        var since = _time.GetUtcNow().AddMinutes(-5);
        var refused = ProbeResult.Fail(ReasonCode.ConnectFailed, CheckCode.L4Con, default, since, detail: ProbeDetails.ConnectionRefused);
        Assert.True(await _store.SaveMemberHealthAsync(new MemberHealth(saved.Id, HealthState.Unhealthy, since, refused), ct));

        var sut = await StartAsync(ct);

        var live = sut.GetMember(ProjectScope.Of(projectA), saved.Id);
        Assert.NotNull(live);
        Assert.Equal(HealthState.Unhealthy, live.State);
        Assert.Equal(since, live.Since);
        Assert.True(live.Restored);
        Assert.True(live.Checked);
        Assert.Equal(ReasonCode.ConnectFailed, live.Failure);
        Assert.True(ProbeDetails.IsConnectionRefused(live.Last!.Value));
        Assert.Equal(since, live.LastCheckedAt);
        Assert.Equal(HealthState.Initial, sut.GetMember(ProjectScope.Of(projectA), fresh.Id)!.State);

        // Another project's id answers exactly like an unknown one; the admin's scope sees every project.
        Assert.Null(sut.GetMember(ProjectScope.Of(projectB), saved.Id));
        Assert.Null(sut.GetMember(ProjectScope.None, saved.Id));
        Assert.Null(sut.GetMember(ProjectScope.Of(projectA), "mbr-unknown"));
        Assert.NotNull(sut.GetMember(ProjectScope.All, saved.Id));
        Assert.Null(sut.GetPool(ProjectScope.Of(projectB), poolA));

        // A pool without a monitor: its member is not checked, Unavailable, and says why.
        var off = sut.GetMember(ProjectScope.Of(projectB), unchecked_.Id)!;
        Assert.Equal(HealthState.Unavailable, off.State);
        Assert.False(off.Checked);
        Assert.Null(off.Last);
        Assert.Equal(HealthReasons.NoMonitor, off.Reason);

        var overview = sut.GetProject(ProjectScope.Of(projectA));
        Assert.Equal(2, overview.Counts.Total);
        Assert.Equal(1, overview.Counts[HealthState.Unhealthy]);
        Assert.Equal(1, overview.Counts[HealthState.Initial]);
        Assert.Equal([saved.Id, fresh.Id], overview.NonHealthy.Select(m => m.Member.Id));
        Assert.Equal(3, sut.GetProject(ProjectScope.All).Counts.Total);
        Assert.Equal(0, sut.GetProject(ProjectScope.None).Counts.Total);
    }

    [Fact]
    public async Task Scan_HandsEveryPoolBeforeAnyMember_AndOnlyTheScope()
    {
        var ct = TestContext.Current.CancellationToken;
        var fleet = new FleetService(_store, [], NullLogger<FleetService>.Instance, Loopback);
        var (projectA, poolA) = await ProjectWithPoolAsync(fleet, monitored: true, ct);
        var (projectB, poolB) = await ProjectWithPoolAsync(fleet, monitored: true, ct);
        await MemberAsync(fleet, projectA, poolA, 1, ct);
        await MemberAsync(fleet, projectB, poolB, 2, ct);
        await MemberAsync(fleet, projectB, poolB, 3, ct);
        var sut = await StartAsync(ct);

        var visitor = new Recorder { Seen = [] };
        sut.Scan(ProjectScope.Of(projectB), ref visitor);

        Assert.Equal(["begin", $"pool {poolB}", "member", "member"], visitor.Seen);
    }

    private async Task<LiveHealthReader> StartAsync(CancellationToken ct)
    {
        _engine = new HealthEngine(new Prober(_time), _time);
        _coordinator = new HealthCoordinator(_engine, _store, _time, new HealthRecorder(_store, _time, NullLogger<HealthRecorder>.Instance),
            new HealthEventHub(), NullLogger<HealthCoordinator>.Instance, Loopback);
        await _coordinator.StartAsync(ct);
        return _coordinator.Reader;
    }

    private async Task<(string Project, string Pool)> ProjectWithPoolAsync(FleetService fleet, bool monitored, CancellationToken ct)
    {
        var id = ResourceIds.New(ResourceIds.Project, Random.Shared);
        var project = await _store.CreateProjectAsync(new Project(id, id, _time.GetUtcNow()), null, ct);
        Assert.True(project.IsOk, project.ToString());
        var projectId = project.Value!.Id;
        var lb = await fleet.CreateLoadBalancerAsync(projectId, new LoadBalancerInput { Name = "lb" }, ct);
        Assert.True(lb.IsSuccess, lb.ToString());
        var pool = await fleet.CreateServerGroupAsync(projectId, new ServerGroupInput { Name = "pool", LoadBalancerId = lb.Value!.Id, Protocol = "TCP" }, ct);
        Assert.True(pool.IsSuccess, pool.ToString());
        if (monitored)
        {
            var monitor = await fleet.CreateHealthMonitorAsync(projectId,
                new HealthMonitorInput { PoolId = pool.Value!.Pool.Id, Type = "TCP", Delay = 50, Timeout = 5, MaxRetries = 2 }, ct);
            Assert.True(monitor.IsSuccess, monitor.ToString());
        }

        return (projectId, pool.Value!.Pool.Id);
    }

    private static async Task<Member> MemberAsync(FleetService fleet, string projectId, string poolId, int n, CancellationToken ct)
    {
        var member = await fleet.CreateMemberAsync(projectId, new MemberInput { PoolId = poolId, Address = "127.0.0.1", ProtocolPort = 10_000 + n }, ct);
        Assert.True(member.IsSuccess, member.ToString());
        return member.Value!;
    }

    private struct Recorder : ILiveVisitor
    {
        public List<string> Seen { get; init; }

        public readonly void Begin(int members, int pools) => Seen.Add("begin");

        public readonly void Pool(ServerGroup pool) => Seen.Add($"pool {pool.Id}");

        public readonly void Member(in LiveMemberRow member) => Seen.Add("member");
    }
}
