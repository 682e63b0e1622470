using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vitals.Control.Fleet;
using Vitals.Control.Health;
using Vitals.Core.Resources;
using Vitals.Core.Targets;
using Vitals.Engine;
using Vitals.Probes;
using Vitals.Storage.Filters;
using Vitals.Storage.Sqlite;
using Vitals.Testing;

namespace Vitals.Control.Tests.Traffic;

/// <summary>
/// HAProxy bindings through the fleet service over a real SQLite file: observers are told with the binding record (the
/// sync service learns of them that way), the health coordinator, started on a snapshot holding bindings and told of
/// their changes, ignores them without an error and keeps checking members; the socket and target policies it is given
/// decide <c>runtime_api</c>; a bound load balancer cannot be deleted. Real engine on a fake clock: nothing is probed.
/// </summary>
public sealed class HaproxyBindingFleetTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"vitals-hab-{Guid.NewGuid():N}.db");
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
    public async Task Bindings_ObserversGetTheRecord_CoordinatorIgnoresThem_MembersStayChecked()
    {
        var ct = TestContext.Current.CancellationToken;
        var setup = new FleetService(_store, [], NullLogger<FleetService>.Instance);
        var (project, lb, pool, member) = await FleetAsync(setup, ct);
        var before = await setup.CreateHaproxyBindingAsync(project,
            new HaproxyBindingInput { Name = "box-0", LoadBalancerId = lb, RuntimeApi = "/run/haproxy/admin.sock" }, ct);
        Assert.Equal(FleetOutcome.Created, before.Outcome);
        var logger = new ErrorCounter();
        await StartCoordinatorAsync(logger, ct);
        var recorder = new Recorder();
        var sut = new FleetService(_store, [_coordinator!, recorder], NullLogger<FleetService>.Instance);

        var created = await sut.CreateHaproxyBindingAsync(project, new HaproxyBindingInput
        {
            Name = "box-1", LoadBalancerId = lb, RuntimeApi = "unix:/var/run/haproxy/admin.sock",
            Backends = new Dictionary<string, string> { [pool] = "be_web" },
        }, ct);
        var updated = await sut.UpdateHaproxyBindingAsync(project, created.Value!.Binding.Id,
            new HaproxyBindingInput { ManageServers = true, AdminStateUp = false }, ct);
        var deleted = await sut.DeleteHaproxyBindingAsync(project, created.Value.Binding.Id, ct);
        var snapshot = await _store.LoadAllAsync(ct);

        Assert.Equal(FleetOutcome.Created, created.Outcome);
        Assert.Equal(("be_web", false, true, null), (created.Value.Binding.Backends[pool], created.Value.Binding.ManageServers,
            created.Value.Binding.AdminStateUp, created.Value.Sync));
        Assert.Equal((true, false), (updated.Value!.Binding.ManageServers, updated.Value.Binding.AdminStateUp));
        Assert.Equal(FleetOutcome.Ok, deleted.Outcome);
        Assert.Equal(["upserted box-1 False", "upserted box-1 True", "deleted box-1 True"], recorder.Seen);
        Assert.Equal(["box-0"], snapshot.HaproxyBindings.Select(static b => b.Name));
        Assert.Equal(0, logger.Errors);
        Assert.NotNull(_engine!.GetMember(member));
        Assert.Equal(member, _coordinator!.Find(Storage.ChangeKind.Member, member)?.Id);
        Assert.Null(_coordinator.Find(Storage.ChangeKind.HaproxyBinding, before.Value!.Binding.Id));
    }

    [Fact]
    public async Task Create_RuntimeApi_JudgedByTheGivenSocketAndTargetPolicies()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = new FleetService(_store, [], NullLogger<FleetService>.Instance,
            new TargetPolicy([IPNetwork.Parse("127.0.0.0/8")], [IPNetwork.Parse("10.9.0.0/16")], []), new SocketPathPolicy(["/srv/lb"]));
        var (project, lb, _, _) = await FleetAsync(sut, ct);

        async Task<string?> RefusalAsync(string runtimeApi)
        {
            var result = await sut.CreateHaproxyBindingAsync(project, new HaproxyBindingInput { LoadBalancerId = lb, RuntimeApi = runtimeApi }, ct);
            return result.Outcome == FleetOutcome.Created ? null : Assert.Single(result.Errors, e => e.Field == "runtime_api").Message;
        }

        Assert.Null(await RefusalAsync("/srv/lb/admin.sock"));
        Assert.Null(await RefusalAsync("127.0.0.1:9999"));
        Assert.Null(await RefusalAsync("[2001:db8::7]:9999"));
        Assert.Contains("--allow-sockets (/srv/lb)", await RefusalAsync("/run/haproxy/admin.sock"), StringComparison.Ordinal);
        Assert.Contains("without '..'", await RefusalAsync("/srv/lb/../../var/run/docker.sock"), StringComparison.Ordinal);
        Assert.Equal("10.9.1.1 is in 10.9.0.0/16 of --deny-targets, denied by the target policy", await RefusalAsync("10.9.1.1:9999"));
        Assert.Contains("cloud metadata", await RefusalAsync("169.254.169.254:80"), StringComparison.Ordinal);
        Assert.StartsWith("must be an absolute unix socket path", await RefusalAsync("haproxy.internal:9999"), StringComparison.Ordinal);
        var list = await sut.ListHaproxyBindingsAsync(project, HaproxyBindingFilter.All with { LoadBalancerId = lb }, new FleetPaging(100, null), ct);
        Assert.Equal(3, list.Value!.TotalCount);
    }

    [Fact]
    public async Task DeleteLoadBalancer_WhileBound_IsAConflict_AfterTheBindingGoes_Deleted()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = new FleetService(_store, [], NullLogger<FleetService>.Instance);
        var id = ResourceIds.New(ResourceIds.Project, Random.Shared);
        var project = (await _store.CreateProjectAsync(new Project(id, id, _time.GetUtcNow()), null, ct)).Value!.Id;
        var lb = (await sut.CreateLoadBalancerAsync(project, new LoadBalancerInput { Name = "edge" }, ct)).Value!.Id;
        var binding = await sut.CreateHaproxyBindingAsync(project, new HaproxyBindingInput { LoadBalancerId = lb, RuntimeApi = "/run/haproxy/a.sock" }, ct);

        var refused = await sut.DeleteLoadBalancerAsync(project, lb, ct);
        await sut.DeleteHaproxyBindingAsync(project, binding.Value!.Binding.Id, ct);
        var deleted = await sut.DeleteLoadBalancerAsync(project, lb, ct);

        Assert.Equal(FleetOutcome.Conflict, refused.Outcome);
        Assert.Contains("HAProxy bindings", refused.Message, StringComparison.Ordinal);
        Assert.Equal(FleetOutcome.Ok, deleted.Outcome);
    }

    private async Task StartCoordinatorAsync(ILogger<HealthCoordinator> logger, CancellationToken ct)
    {
        _engine = new HealthEngine(new Prober(_time), _time);
        _coordinator = new HealthCoordinator(_engine, _store, _time, new HealthRecorder(_store, _time, NullLogger<HealthRecorder>.Instance),
            new HealthEventHub(), logger, TargetPolicy.Default);
        await _coordinator.StartAsync(ct);
    }

    /// <summary>A project with a load balancer, a monitored TCP pool and one member at a private address.</summary>
    private async Task<(string Project, string Lb, string Pool, string Member)> FleetAsync(FleetService fleet, CancellationToken ct)
    {
        var id = ResourceIds.New(ResourceIds.Project, Random.Shared);
        var project = (await _store.CreateProjectAsync(new Project(id, id, _time.GetUtcNow()), null, ct)).Value!.Id;
        var lb = (await fleet.CreateLoadBalancerAsync(project, new LoadBalancerInput { Name = "edge" }, ct)).Value!.Id;
        var pool = (await fleet.CreateServerGroupAsync(project, new ServerGroupInput { Name = "web", LoadBalancerId = lb, Protocol = "TCP" }, ct))
            .Value!.Pool.Id;
        var monitor = await fleet.CreateHealthMonitorAsync(project,
            new HealthMonitorInput { PoolId = pool, Type = "TCP", Delay = 50, Timeout = 5, MaxRetries = 2 }, ct);
        Assert.True(monitor.IsSuccess, monitor.ToString());
        var member = await fleet.CreateMemberAsync(project, new MemberInput { PoolId = pool, Address = "10.0.0.1", ProtocolPort = 80 }, ct);
        Assert.True(member.IsSuccess, member.ToString());
        return (project, lb, pool, member.Value!.Id);
    }

    /// <summary>What a sync service would see: the binding records, in order.</summary>
    private sealed class Recorder : IFleetObserver
    {
        public ConcurrentQueue<string> Seen { get; } = new();

        public void OnUpserted(Resource resource)
        {
            if (resource is HaproxyBinding b)
            {
                Seen.Enqueue($"upserted {b.Name} {b.ManageServers}");
            }
        }

        public void OnDeleted(Resource resource)
        {
            if (resource is HaproxyBinding b)
            {
                Seen.Enqueue($"deleted {b.Name} {b.ManageServers}");
            }
        }
    }

    private sealed class ErrorCounter : ILogger<HealthCoordinator>
    {
        private int _errors;

        public int Errors => Volatile.Read(ref _errors);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                Interlocked.Increment(ref _errors);
            }
        }
    }
}
