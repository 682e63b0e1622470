using System.Security.Cryptography;
using System.Text;
using Vitals.Control.Health;
using Vitals.Core.Health;
using Vitals.Core.Notifications;
using Vitals.Core.Resources;
using Vitals.Engine;
using Vitals.Storage;

namespace Vitals.Control.Notifications;

/// <summary>
/// Turns the engine's verdicts into notifications (docs/notifications.md): one <see cref="NotificationPlanner"/> per
/// node, fed under one lock with every transition, flapping mark, panic edge and removal, and ticked by a timer armed
/// for its next window end. The events it gives are rendered once and handed to the recorder with the transition they
/// come from, so that both enter the store in one transaction (the outbox); the delivery worker sends them from there.
/// Only the node holding the <see cref="INotifierLease"/> plans; the others record their transitions alone.
/// </summary>
internal sealed partial class NotificationDesk : IHostedService, IDisposable
{
    private readonly Lock _gate = new();
    private readonly HealthRecorder _recorder;
    private readonly HealthEventHub _hub;
    private readonly IStore _store;
    private readonly TimeProvider _time;
    private readonly INotifierLease _lease;
    private readonly NotificationOptions _options;
    private readonly string? _consoleBase;
    private readonly ILogger<NotificationDesk> _logger;
    private readonly List<NotificationEvent> _output = [];
    private readonly Dictionary<string, PoolRef> _pools = new(StringComparer.Ordinal); // under the catalog's gate
    private NotificationPlanner _planner;
    private Dictionary<string, string> _projectNames = new(StringComparer.Ordinal);
    private HealthCatalog? _catalog;
    private ITimer? _timer;
    private DateTimeOffset? _armedFor;
    private bool _held;
    private bool _stopped;
    private int _refreshing;

    public NotificationDesk(HealthRecorder recorder, HealthEventHub hub, IStore store, TimeProvider time, NotificationOptions options,
        INotifierLease lease, ILogger<NotificationDesk> logger)
    {
        _recorder = recorder;
        _hub = hub;
        _store = store;
        _time = time;
        _lease = lease;
        _options = options;
        _logger = logger;
        _consoleBase = options.PublicUrl?.ToString();
        _planner = NewPlanner();
    }

    /// <summary>The catalog the coordinator keeps: where pools, listeners and load balancers are named.</summary>
    public void Attach(HealthCatalog catalog) => _catalog = catalog;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshProjectNamesAsync(cancellationToken);
        _hub.PanicObserver = OnPanic;
    }

    /// <summary>Sends what the open windows hold now, so a clean stop loses no grouped change.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _hub.PanicObserver = null;
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            _armedFor = null;
            if (_held)
            {
                _planner.Tick(DateTimeOffset.MaxValue.AddYears(-1), _output);
                if (Drain() is { } outbox)
                {
                    _recorder.Enqueue(outbox);
                }
            }

            // The planner's clock is at the end of time now: what the engine decides until it stops is recorded, not planned.
            _stopped = true;
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    /// <summary>
    /// One event of the engine (or the coordinator): plans its notifications and queues the transition, if any, on the
    /// recorder with them, under the desk's lock so the outbox keeps the planner's order.
    /// </summary>
    /// <param name="member">The member.</param>
    /// <param name="healthEvent">The event.</param>
    /// <param name="unavailable">For a transition to Unavailable: why.</param>
    /// <param name="state">The state the transition leads to; null for an event without one.</param>
    public void Record(Member member, HealthEvent healthEvent, string? unavailable, MemberHealth? state)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(healthEvent);
        var held = _lease.IsHeld;
        var described = held ? Describe(member) : null;
        lock (_gate)
        {
            IReadOnlyList<OutboxEvent>? outbox = null;
            if (Follow(held) && described is var (memberRef, current))
            {
                if (healthEvent.Transition is { } transition)
                {
                    _planner.OnTransition(MemberChange.Of(memberRef, transition, HealthReasons.Of(transition, unavailable)),
                        healthEvent.FlappingNow, _output);
                }
                else if (healthEvent.FlappingNow is { } flapping)
                {
                    _planner.OnFlapping(memberRef, flapping, current, _time.GetUtcNow(), _output);
                }

                outbox = Drain();
                Arm();
            }

            if (state is not null)
            {
                _recorder.Enqueue(state, new MemberTransition(member.Id, healthEvent.Transition!), outbox);
            }
            else if (outbox is not null)
            {
                _recorder.Enqueue(outbox);
            }
        }
    }

    /// <summary>A resource changed (under the catalog's gate): names may have changed with it.</summary>
    public void OnFleetChanged(Resource resource)
    {
        if (resource is ServerGroup or Listener or LoadBalancer)
        {
            _pools.Clear();
        }
    }

    /// <summary>A resource was deleted (under the catalog's gate): a flapping member or a pool's window is closed.</summary>
    public void OnFleetDeleted(Resource resource, DateTimeOffset at)
    {
        OnFleetChanged(resource);
        if (resource is not (Member or ServerGroup))
        {
            return;
        }

        lock (_gate)
        {
            if (!Follow(_lease.IsHeld))
            {
                return;
            }

            if (resource is Member member)
            {
                _planner.OnMemberRemoved(member.Id, at, _output);
            }
            else
            {
                _planner.OnPoolRemoved(resource.Id, at, _output);
            }

            if (Drain() is { } outbox)
            {
                _recorder.Enqueue(outbox);
            }

            Arm();
        }
    }

    /// <summary>Queues a <c>test</c> event for one webhook of the project, whatever its filters.</summary>
    public async Task<StoreResult<WebhookDelivery>> SendTestAsync(string projectId, string webhookId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var evt = NotificationEvent.Test(projectId, await ProjectNameAsync(projectId, cancellationToken), now, nonce);
        return await _store.AddDeliveryAsync(projectId, webhookId, new OutboxEvent(evt, Render(evt)), cancellationToken);
    }

    private void OnPanic(PanicChange change)
    {
        var held = _lease.IsHeld;
        if (!held || _catalog is not { } catalog)
        {
            return;
        }

        PoolRef pool;
        lock (catalog.Gate)
        {
            pool = PoolRefOf(catalog, change.Pool.Id, change.Pool.ProjectId);
        }

        lock (_gate)
        {
            if (!Follow(held))
            {
                return;
            }

            _planner.OnPanic(pool, change.Panic, change.At, _output);
            if (Drain() is { } outbox)
            {
                _recorder.Enqueue(outbox);
            }

            Arm();
        }
    }

    private void OnTimer(object? state)
    {
        lock (_gate)
        {
            _armedFor = null;
            if (!Follow(_lease.IsHeld))
            {
                return;
            }

            _planner.Tick(_time.GetUtcNow(), _output);
            if (Drain() is { } outbox)
            {
                _recorder.Enqueue(outbox);
            }

            Arm();
        }
    }

    /// <summary>Under the lock: whether to plan; a node that lost the lease forgets its windows, one that gains it starts afresh.</summary>
    private bool Follow(bool held)
    {
        if (_stopped)
        {
            return false;
        }

        if (held != _held)
        {
            _held = held;
            _planner = NewPlanner();
            _output.Clear();
            Log.Lease(_logger, held ? "plans and delivers them" : "no longer plans them (another node does)");
        }

        return held;
    }

    /// <summary>Under the lock: the timer set for the planner's next due instant.</summary>
    private void Arm()
    {
        if (_planner.NextDue is not { } due || due == _armedFor)
        {
            return;
        }

        var delay = due - _time.GetUtcNow();
        _timer ??= _time.CreateTimer(OnTimer, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
        _armedFor = due;
    }

    /// <summary>Under the lock: the planner's output, rendered; null when it gave nothing.</summary>
    private List<OutboxEvent>? Drain()
    {
        if (_output.Count == 0)
        {
            return null;
        }

        var outbox = new List<OutboxEvent>(_output.Count);
        foreach (var evt in _output)
        {
            outbox.Add(new OutboxEvent(evt, Render(evt)));
        }

        _output.Clear();
        return outbox;
    }

    private string Render(NotificationEvent evt) => Encoding.UTF8.GetString(NotificationJsonWriter.ToUtf8Bytes(evt, _consoleBase));

    private NotificationPlanner NewPlanner() => new(NotificationPlannerOptions.Default with { GroupWindow = _options.GroupWindow });

    /// <summary>The member as events name it, and its state now; null when the catalog does not know it.</summary>
    private (MemberRef Member, HealthState State)? Describe(Member member)
    {
        if (_catalog is not { } catalog)
        {
            return null;
        }

        lock (catalog.Gate)
        {
            var state = catalog.Members.TryGetValue(member.Id, out var entry) ? entry.Status.State : HealthState.Unavailable;
            var pool = PoolRefOf(catalog, member.PoolId, member.ProjectId);
            return (new MemberRef(pool, member.Id, member.Name, member.Address, member.ProtocolPort), state);
        }
    }

    /// <summary>Under the catalog's gate: the pool as events name it, made once and shared until a name may have changed.</summary>
    private PoolRef PoolRefOf(HealthCatalog catalog, string poolId, string projectId)
    {
        if (_pools.TryGetValue(poolId, out var cached))
        {
            return cached;
        }

        var pool = catalog.Pools.GetValueOrDefault(poolId)?.Pool;
        var loadBalancerId = pool?.LoadBalancerId ?? "";
        var loadBalancer = catalog.LoadBalancers.GetValueOrDefault(loadBalancerId);
        Listener? listener = null;
        foreach (var candidate in catalog.Listeners.Values)
        {
            if (string.Equals(candidate.DefaultPoolId, poolId, StringComparison.Ordinal))
            {
                listener = candidate;
                break;
            }
        }

        var name = ProjectName(projectId);
        var made = new PoolRef(projectId, name ?? "", loadBalancerId, loadBalancer?.Name ?? "", listener?.Id, listener?.Name, poolId,
            pool?.Name ?? "");
        if (name is not null)
        {
            _pools[poolId] = made;
        }

        return made;
    }

    /// <summary>A project's name from the last read; null (and a read started) when unknown.</summary>
    private string? ProjectName(string projectId)
    {
        if (Volatile.Read(ref _projectNames).TryGetValue(projectId, out var name))
        {
            return name;
        }

        if (Interlocked.Exchange(ref _refreshing, 1) == 0)
        {
            _ = RefreshAndReleaseAsync();
        }

        return null;
    }

    private async Task<string> ProjectNameAsync(string projectId, CancellationToken cancellationToken)
    {
        if (!Volatile.Read(ref _projectNames).ContainsKey(projectId))
        {
            await RefreshProjectNamesAsync(cancellationToken);
        }

        return Volatile.Read(ref _projectNames).GetValueOrDefault(projectId) ?? "";
    }

    private async Task RefreshAndReleaseAsync()
    {
        try
        {
            await RefreshProjectNamesAsync(CancellationToken.None);
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    private async Task RefreshProjectNamesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var projects = await _store.ListProjectsAsync(cancellationToken);
            var names = new Dictionary<string, string>(projects.Count, StringComparer.Ordinal);
            foreach (var project in projects)
            {
                names[project.Id] = project.Name;
            }

            Volatile.Write(ref _projectNames, names);
        }
        catch (StorageUnavailableException ex)
        {
            Log.ProjectsUnavailable(_logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4950, EventName = "NotifierLease", Level = LogLevel.Information,
            Message = "Notifications: this node {Role}")]
        public static partial void Lease(ILogger logger, string role);

        [LoggerMessage(EventId = 4951, EventName = "NotifierProjectsUnavailable", Level = LogLevel.Warning,
            Message = "Could not read project names for notifications")]
        public static partial void ProjectsUnavailable(ILogger logger, Exception exception);
    }
}
