using Vitals.Control.Fleet;
using Vitals.Core.Monitoring;
using Vitals.Core.Resources;
using Vitals.Storage;
using Vitals.Storage.Filters;

namespace Vitals.Control.Demo;

/// <summary>
/// <c>vitals serve --demo</c>: starts the demo backends and a demo project whose members point at them, so every state
/// and reason shows within seconds. The fleet is written through the <see cref="FleetService"/> like any other
/// (validated, through its write gate, every observer told); only the project itself comes from the store, where
/// projects are kept. Idempotent: on a data directory that has the demo already, it is reused and its members move to
/// the new ports.
/// </summary>
public sealed partial class DemoFleet : IHostedService, IAsyncDisposable
{
    /// <summary>The demo project's bearer token: fixed and public, so only ever in a demo.</summary>
    public const string Token = "vt_demo_token";

    private const string Name = "demo";

    private static readonly FleetPaging FirstPage = new(1000, null);

    private readonly FleetService _fleet;
    private readonly IStore _store;
    private readonly TimeProvider _time;
    private readonly Func<CancellationToken, Task<IDemoBackends>>? _startBackends;
    private readonly ILogger<DemoFleet> _logger;
    private IDemoBackends? _backends;

    /// <param name="fleet">Where the demo's load balancer, pools, monitors, listeners and members are written.</param>
    /// <param name="store">Where the demo project is kept.</param>
    /// <param name="time">The clock.</param>
    /// <param name="startBackends">Starts the backends; null when the server runs without <c>--demo</c>.</param>
    /// <param name="logger">Where the demo's ready line goes.</param>
    internal DemoFleet(FleetService fleet, IStore store, TimeProvider time, Func<CancellationToken, Task<IDemoBackends>>? startBackends,
        ILogger<DemoFleet> logger)
    {
        _fleet = fleet;
        _store = store;
        _time = time;
        _startBackends = startBackends;
        _logger = logger;
    }

    /// <summary>The demo project once started; null when the server runs without <c>--demo</c>.</summary>
    public DemoInfo? Info { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_startBackends is null)
        {
            return;
        }

        _backends = await _startBackends(cancellationToken);
        var ports = _backends.Ports;
        var project = await ProjectAsync(cancellationToken);
        var lb = await LoadBalancerAsync(project.Id, cancellationToken);
        var web = await PoolAsync(lb, "web", PoolProtocol.Http, Spec(HealthMonitorType.Http), cancellationToken);
        var tcp = await PoolAsync(lb, "tcp", PoolProtocol.Tcp, Spec(HealthMonitorType.Tcp), cancellationToken);
        var grpc = await PoolAsync(lb, "grpc", PoolProtocol.Grpc, Spec(HealthMonitorType.Grpc), cancellationToken);
        var listeners = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["web"] = (await ListenerAsync(lb, web, ListenerProtocol.Http, 80, cancellationToken)).Id,
            ["tcp"] = (await ListenerAsync(lb, tcp, ListenerProtocol.Tcp, 9000, cancellationToken)).Id,
            ["grpc"] = (await ListenerAsync(lb, grpc, ListenerProtocol.Http, 50051, cancellationToken)).Id,
        };

        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        await ReplaceMembersAsync(web, members, cancellationToken,
            ("web-1", ports.Healthy[0], 1, true),
            ("web-2", ports.Healthy[1], 1, true),
            ("web-3", ports.Healthy[2], 1, true),
            ("web-500", ports.Error500, 1, true),
            ("web-slow", ports.Slow, 1, true),
            ("web-closed", ports.Closed, 1, true),
            ("web-drained", ports.Healthy[3], 0, true),
            ("web-off", ports.Spare, 1, false));
        await ReplaceMembersAsync(tcp, members, cancellationToken, ("tcp-1", ports.TcpOnly, 1, true));
        await ReplaceMembersAsync(grpc, members, cancellationToken, ("grpc-1", ports.Grpc, 1, true));
        Info = new DemoInfo(project.Id, Token, listeners, members);
        Log.DemoReady(_logger, project.Id, listeners["web"]);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The backends stop with the container, after the engine: the demo's last verdicts are not its shutdown.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_backends is not null)
        {
            await _backends.DisposeAsync();
            _backends = null;
        }
    }

    /// <summary>Every 2 s, 1 s timeout, rise 2, fall 2: verdicts within about 5 s.</summary>
    private static HealthMonitorInput Spec(HealthMonitorType type) => new()
    {
        Type = type.ToWire(),
        Delay = 2,
        Timeout = 1,
        MaxRetries = 2,
        MaxRetriesDown = 2,
        UrlPath = type == HealthMonitorType.Http ? "/health" : "/",
        Fields = SpecFields,
    };

    private static readonly IReadOnlySet<string> SpecFields =
        new HashSet<string>(["type", "delay", "timeout", "max_retries", "max_retries_down", "url_path"], StringComparer.Ordinal);

    private async Task<Project> ProjectAsync(CancellationToken cancellationToken)
    {
        var tokenHash = TokenHash.Compute(Token);
        if (await _store.FindProjectByTokenHashAsync(tokenHash, cancellationToken) is { } existing)
        {
            return existing;
        }

        var created = await _store.CreateProjectAsync(new Project(ResourceIds.New(ResourceIds.Project, Random.Shared), Name, _time.GetUtcNow()),
            tokenHash, cancellationToken);
        return created.IsOk ? created.Value! : throw new InvalidOperationException($"the demo project could not be created: {created}");
    }

    private async Task<LoadBalancer> LoadBalancerAsync(string projectId, CancellationToken cancellationToken)
    {
        var found = Required(await _fleet.ListLoadBalancersAsync(projectId, new LoadBalancerFilter { Name = Name }, FirstPage, cancellationToken));
        return found.Items.Count > 0
            ? found.Items[0]
            : Required(await _fleet.CreateLoadBalancerAsync(projectId, new LoadBalancerInput { Name = Name, Description = "vitals serve --demo" },
                cancellationToken));
    }

    private async Task<ServerGroup> PoolAsync(LoadBalancer lb, string name, PoolProtocol protocol, HealthMonitorInput spec,
        CancellationToken cancellationToken)
    {
        var found = Required(await _fleet.ListServerGroupsAsync(lb.ProjectId, new ServerGroupFilter { LoadBalancerId = lb.Id, Name = name }, null,
            FirstPage, cancellationToken));
        var view = found.Items.Count > 0
            ? found.Items[0]
            : Required(await _fleet.CreateServerGroupAsync(lb.ProjectId,
                new ServerGroupInput { Name = name, LoadBalancerId = lb.Id, Protocol = protocol.ToWire() }, cancellationToken));

        if (view.HealthMonitorId is not { } monitorId)
        {
            Required(await _fleet.CreateHealthMonitorAsync(lb.ProjectId, spec with { Name = name, PoolId = view.Pool.Id }, cancellationToken));
        }
        else if (Required(await _fleet.GetHealthMonitorAsync(lb.ProjectId, monitorId, cancellationToken)).Spec != Checked(spec))
        {
            // An older demo's monitor takes today's settings.
            Required(await _fleet.UpdateHealthMonitorAsync(lb.ProjectId, monitorId, spec, cancellationToken));
        }

        return view.Pool;
    }

    private async Task<Listener> ListenerAsync(LoadBalancer lb, ServerGroup pool, ListenerProtocol protocol, int port,
        CancellationToken cancellationToken)
    {
        var found = Required(await _fleet.ListListenersAsync(lb.ProjectId,
            new ListenerFilter { LoadBalancerId = lb.Id, Protocol = protocol, ProtocolPort = port }, FirstPage, cancellationToken));
        return found.Items.Count > 0
            ? found.Items[0]
            : Required(await _fleet.CreateListenerAsync(lb.ProjectId, new ListenerInput
            {
                Name = pool.Name, LoadBalancerId = lb.Id, Protocol = protocol.ToWire(), ProtocolPort = port, DefaultPoolId = pool.Id,
            }, cancellationToken));
    }

    /// <summary>The backends' ports change with every start, so the demo members are recreated on them.</summary>
    private async Task ReplaceMembersAsync(ServerGroup pool, Dictionary<string, string> ids, CancellationToken cancellationToken,
        params (string Name, int Port, int Weight, bool AdminStateUp)[] wanted)
    {
        var existing = Required(await _fleet.ListPoolMembersAsync(pool.ProjectId, pool.Id, MemberFilter.All, FirstPage, cancellationToken));
        foreach (var member in existing.Items)
        {
            Required(await _fleet.DeleteMemberAsync(pool.ProjectId, member.Id, cancellationToken));
        }

        foreach (var (name, port, weight, adminStateUp) in wanted)
        {
            var member = Required(await _fleet.CreateMemberAsync(pool.ProjectId, new MemberInput
            {
                Name = name, PoolId = pool.Id, Address = "127.0.0.1", ProtocolPort = port, Weight = weight, AdminStateUp = adminStateUp,
            }, cancellationToken));
            ids[name] = member.Id;
        }
    }

    private static HealthMonitorSpec Checked(HealthMonitorDraft draft) =>
        HealthMonitorValidator.TryCreate(draft, out var spec, out var errors)
            ? spec!
            : throw new InvalidOperationException($"the demo monitor is invalid: {string.Join("; ", errors)}");

    private static T Required<T>(FleetResult<T> result) =>
        result.IsSuccess ? result.Value! : throw new InvalidOperationException($"the demo fleet could not be created: {result}");

    private static partial class Log
    {
        [LoggerMessage(EventId = 4150, EventName = "DemoReady", Level = LogLevel.Information,
            Message = "Demo project {ProjectId} is running; its web listener is {ListenerId}")]
        public static partial void DemoReady(ILogger logger, string projectId, string listenerId);
    }
}
