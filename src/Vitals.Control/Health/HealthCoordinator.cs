using System.Net;
using Vitals.Control.Fleet;
using Vitals.Core.Health;
using Vitals.Core.Resources;
using Vitals.Core.Targets;
using Vitals.Engine;
using Vitals.Storage;

namespace Vitals.Control.Health;

/// <summary>
/// Keeps the engine in step with the stored fleet: loads everything at start (resuming each member from its saved
/// state), applies every committed change at once, and passes the engine's verdicts on to the recorder (store) and
/// the live event stream. Members of a pool without a monitor are not checked and are reported Unavailable.
/// </summary>
internal sealed partial class HealthCoordinator : IFleetObserver, IKnownResources, IHostedService
{
    private readonly HealthEngine _engine;
    private readonly IStore _store;
    private readonly TimeProvider _time;
    private readonly HealthRecorder _recorder;
    private readonly HealthEventHub _hub;
    private readonly ILogger<HealthCoordinator> _logger;
    private readonly HealthCatalog _catalog = new();
    private readonly TargetPolicy _targets;
    private readonly Notifications.NotificationDesk? _notifications;
    private IDisposable? _subscription;
    private bool _started;

    public HealthCoordinator(HealthEngine engine, IStore store, TimeProvider time, HealthRecorder recorder, HealthEventHub hub,
        ILogger<HealthCoordinator> logger, TargetPolicy? targets = null, Notifications.NotificationDesk? notifications = null)
    {
        _notifications = notifications;
        notifications?.Attach(_catalog);
        _targets = targets ?? TargetPolicy.Default;
        _engine = engine;
        _store = store;
        _time = time;
        _recorder = recorder;
        _hub = hub;
        _logger = logger;
        Reader = new LiveHealthReader(_catalog, engine);
        Rotations = new Traffic.RotationBook(_catalog, engine, time);
    }

    /// <summary>Every pool's rotation, decided from the same catalog: what load balancers are told.</summary>
    public Traffic.RotationBook Rotations { get; }

    /// <summary>The one door to live health: every reader of states, checks and counts goes through it.</summary>
    public LiveHealthReader Reader { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var snapshot = await _store.LoadAllAsync(cancellationToken);
        var saved = await _store.LoadMemberHealthAsync(cancellationToken);
        var savedById = new Dictionary<string, MemberHealth>(saved.Count, StringComparer.Ordinal);
        foreach (var health in saved)
        {
            savedById[health.MemberId] = health;
        }

        _subscription = _engine.Subscribe(OnEngineEvent);
        var now = _time.GetUtcNow();
        var restored = 0;
        lock (_catalog.Gate)
        {
            foreach (var pool in snapshot.ServerGroups)
            {
                _catalog.PoolOf(pool.Id).Pool = pool;
            }

            foreach (var monitor in snapshot.HealthMonitors)
            {
                _catalog.PoolOf(monitor.PoolId).Monitor = monitor;
                _catalog.MonitorPools[monitor.Id] = monitor.PoolId;
            }

            foreach (var listener in snapshot.Listeners)
            {
                _catalog.Listeners[listener.Id] = listener;
            }

            foreach (var loadBalancer in snapshot.LoadBalancers)
            {
                _catalog.LoadBalancers[loadBalancer.Id] = loadBalancer;
            }

            foreach (var member in snapshot.Members)
            {
                var entry = new CatalogMember(member, now) { Restored = savedById.GetValueOrDefault(member.Id) };
                var pool = _catalog.PoolOf(member.PoolId);
                _catalog.Members[member.Id] = entry;
                pool.Members[member.Id] = entry;
                pool.MembersChanged();
                if (entry.Restored is { State: HealthState.Healthy or HealthState.Unhealthy })
                {
                    restored++;
                }

                Apply(entry, pool, now, announce: false, resume: true);
            }
        }

        _recorder.Start();
        _engine.Start();
        _started = true;
        var elapsedMs = _time.GetElapsedTime(started).TotalMilliseconds;
        Log.Loaded(_logger, snapshot.Members.Count, restored, elapsedMs);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            return;
        }

        _started = false;
        await _engine.StopAsync();
        _subscription?.Dispose();

        // The last result of every member is saved once, at the end, so a restart can show it; during the run only
        // transitions are written.
        var finals = new List<MemberHealth>();
        foreach (var snapshot in _engine.GetMembers())
        {
            if (snapshot.LastResult is not null)
            {
                finals.Add(new MemberHealth(snapshot.MemberId, snapshot.State, snapshot.Since, snapshot.LastResult));
            }
        }

        await _recorder.StopAsync(finals, cancellationToken);
    }

    public Resource? Find(ChangeKind kind, string id) => _catalog.Find(kind, id);

    public void CollectKnown(ICollection<Resource> into) => _catalog.CollectAll(into);

    public void OnUpserted(Resource resource)
    {
        try
        {
            var now = _time.GetUtcNow();
            lock (_catalog.Gate)
            {
                switch (resource)
                {
                    case Member member:
                        UpsertMember(member, now);
                        break;
                    case ServerGroup pool:
                        UpsertPool(pool, now);
                        break;
                    case HealthMonitor monitor:
                        UpsertMonitor(monitor, now);
                        break;
                    case Listener listener:
                        _catalog.Listeners[listener.Id] = listener;
                        break;
                    case LoadBalancer loadBalancer:
                        _catalog.LoadBalancers[loadBalancer.Id] = loadBalancer; // named in notifications; changes no check
                        break;
                    default:
                        break; // instances change no check
                }

                _notifications?.OnFleetChanged(resource);
            }
        }
#pragma warning disable CA1031 // the observer contract: a change that could not be followed is logged, never thrown at the writer
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ChangeFailed(_logger, resource.GetType().Name, resource.Id, ex);
        }
    }

    public void OnDeleted(Resource resource)
    {
        try
        {
            var now = _time.GetUtcNow();
            lock (_catalog.Gate)
            {
                switch (resource)
                {
                    case Member member:
                        DeleteMember(member.Id);
                        break;
                    case ServerGroup pool:
                        DeletePool(pool.Id);
                        break;
                    case HealthMonitor monitor:
                        DeleteMonitor(monitor, now);
                        break;
                    case Listener listener:
                        _catalog.Listeners.Remove(listener.Id);
                        break;
                    case LoadBalancer loadBalancer:
                        _catalog.LoadBalancers.Remove(loadBalancer.Id);
                        break;
                    default:
                        break;
                }

                _notifications?.OnFleetDeleted(resource, now);
            }
        }
#pragma warning disable CA1031 // see OnUpserted
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ChangeFailed(_logger, resource.GetType().Name, resource.Id, ex);
        }
    }

    private void UpsertMember(Member member, DateTimeOffset now)
    {
        var pool = _catalog.PoolOf(member.PoolId);
        if (_catalog.Members.TryGetValue(member.Id, out var entry))
        {
            if (!string.Equals(entry.Member.PoolId, member.PoolId, StringComparison.Ordinal) && _catalog.Pools.TryGetValue(entry.Member.PoolId, out var old))
            {
                old.Members.Remove(member.Id);
                old.MembersChanged();
            }

            entry.Member = member;
        }
        else
        {
            entry = new CatalogMember(member, now);
            _catalog.Members.Add(member.Id, entry);
        }

        pool.Members[member.Id] = entry;
        pool.MembersChanged();
        Apply(entry, pool, now, announce: false, resume: false);
    }

    private void UpsertPool(ServerGroup serverGroup, DateTimeOffset now)
    {
        var pool = _catalog.PoolOf(serverGroup.Id);
        var before = pool.Pool;
        pool.Pool = serverGroup;
        pool.Touch();
        if (before is null || before.AdminStateUp != serverGroup.AdminStateUp || before.Protocol != serverGroup.Protocol)
        {
            ApplyAll(pool, now);
        }
    }

    private void UpsertMonitor(HealthMonitor monitor, DateTimeOffset now)
    {
        var pool = _catalog.PoolOf(monitor.PoolId);
        pool.Monitor = monitor;
        _catalog.MonitorPools[monitor.Id] = monitor.PoolId;
        pool.Touch();
        ApplyAll(pool, now);
    }

    private void DeleteMember(string memberId)
    {
        if (!_catalog.Members.Remove(memberId, out var entry))
        {
            return;
        }

        if (_catalog.Pools.TryGetValue(entry.Member.PoolId, out var pool))
        {
            pool.Members.Remove(memberId);
            pool.MembersChanged();
        }

        _engine.Remove(memberId);
        entry.Registered = false;
    }

    private void DeletePool(string poolId)
    {
        if (!_catalog.Pools.Remove(poolId, out var pool))
        {
            return;
        }

        if (pool.Monitor is { } monitor)
        {
            _catalog.MonitorPools.Remove(monitor.Id);
        }

        // The store refuses to delete a pool with members; should one remain, it stops being checked all the same.
        foreach (var member in pool.MembersArray)
        {
            DeleteMember(member.Member.Id);
        }

        pool.Touch(); // no longer in the catalog: the rotation book forgets it
    }

    private void DeleteMonitor(HealthMonitor monitor, DateTimeOffset now)
    {
        var poolId = _catalog.MonitorPools.Remove(monitor.Id, out var known) ? known : monitor.PoolId;
        if (_catalog.Pools.TryGetValue(poolId, out var pool) && pool.Monitor?.Id == monitor.Id)
        {
            pool.Monitor = null;
            pool.Touch();
            ApplyAll(pool, now);
        }
    }

    private void ApplyAll(CatalogPool pool, DateTimeOffset now)
    {
        foreach (var member in pool.MembersArray)
        {
            Apply(member, pool, now, announce: true, resume: false);
        }
    }

    /// <summary>
    /// Registers the member with the engine, changes it, or takes it off when its pool has no monitor. Under the
    /// catalog gate, so concurrent changes reach the engine in the order they were applied here.
    /// </summary>
    private void Apply(CatalogMember entry, CatalogPool pool, DateTimeOffset now, bool announce, bool resume)
    {
        var member = entry.Member;
        var address = IPAddress.TryParse(member.Address, out var parsed) ? parsed : null;
        Screen(entry, address);
        if (pool.Monitor is not { } monitor || address is null || entry.Refusal is not null)
        {
            if (entry.Registered)
            {
                var before = _engine.GetMember(member.Id)?.State;
                _engine.Remove(member.Id);
                entry.Registered = false;
                entry.Status = new MemberStatus(HealthState.Unavailable, now);
                if (announce && before is { } from && from != HealthState.Unavailable)
                {
                    Announce(entry, pool, from, HealthState.Unavailable, now);
                }
            }

            return;
        }

        var saved = resume ? entry.Restored : null;
        var registration = new MemberRegistration(member.Id, address, member.ProtocolPort, monitor.Spec)
        {
            Weight = member.Weight,
            AdminStateUp = member.AdminStateUp && (pool.Pool?.AdminStateUp ?? true),
            GrpcOverTls = pool.Pool?.Protocol.GrpcOverTls() ?? false,
            RestoredState = saved?.State ?? HealthState.Initial,
            RestoredSince = saved?.Since,
        };
        var wasRegistered = entry.Registered;
        _engine.Upsert(registration);
        entry.Registered = true;
        Refresh(entry);
        if (announce && !wasRegistered && entry.Status.State != HealthState.Unavailable)
        {
            Announce(entry, pool, HealthState.Unavailable, entry.Status.State, now);
        }
    }

    /// <summary>
    /// The target policy on the member's address, decided once per change of the member (a database written before the
    /// policy, or by a node with another policy, may hold addresses it denies): a denied member is never registered.
    /// </summary>
    private void Screen(CatalogMember entry, IPAddress? address)
    {
        var refusal = address is null ? null : _targets.Check(address).Refusal;
        if (refusal is not null && !string.Equals(refusal, entry.Refusal, StringComparison.Ordinal))
        {
            Log.TargetDenied(_logger, entry.Member.Id, refusal);
        }

        entry.Refusal = refusal;
    }

    /// <summary>Copies the engine's reported state; re-read rather than taken from an event, so order cannot matter.</summary>
    /// <returns>Whether the reported state changed.</returns>
    private bool Refresh(CatalogMember entry)
    {
        if (_engine.GetMember(entry.Member.Id) is { } snapshot
            && (snapshot.State != entry.Status.State || snapshot.Since != entry.Status.Since || snapshot.IsFlapping != entry.Status.Flapping))
        {
            entry.Status = new MemberStatus(snapshot.State, snapshot.Since, snapshot.IsFlapping);
            return true;
        }

        return false;
    }

    /// <summary>
    /// A change the coordinator makes itself (a monitor added to or removed from a pool) is recorded and streamed like
    /// the engine's own transitions.
    /// </summary>
    private void Announce(CatalogMember entry, CatalogPool pool, HealthState from, HealthState to, DateTimeOffset now)
    {
        var transition = new HealthTransition(from, to, now, TransitionCause.ChecksToggled, Core.Probing.ReasonCode.None, []);
        var unavailable = to == HealthState.Unavailable ? HealthReasons.Unavailable(entry.Member, pool, entry.Refusal) : null;
        Record(entry.Member, new HealthEvent(entry.Member.Id, transition, null), unavailable);
    }

    private void OnEngineEvent(HealthEvent healthEvent)
    {
        Member? member = null;
        string? unavailable = null;
        lock (_catalog.Gate)
        {
            if (_catalog.Members.TryGetValue(healthEvent.MemberId, out var entry))
            {
                member = entry.Member;
                if (entry.Registered && Refresh(entry) && _catalog.Pools.TryGetValue(entry.Member.PoolId, out var changed))
                {
                    changed.Touch();
                }

                // Which switch made it Unavailable is known only now, from the configuration the change brought.
                if (healthEvent.Transition is { To: HealthState.Unavailable } && _catalog.Pools.TryGetValue(member.PoolId, out var pool))
                {
                    unavailable = HealthReasons.Unavailable(member, pool, entry.Refusal);
                }
            }
        }

        if (member is not null)
        {
            Record(member, healthEvent, unavailable);
        }
    }

    private void Record(Member member, HealthEvent healthEvent, string? unavailable)
    {
        if (_notifications is not null)
        {
            // The desk queues the transition on the recorder itself, with the notifications it gives, in their order.
            var state = healthEvent.Transition is { } t ? StateAfter(member, t) : null;
            _notifications.Record(member, healthEvent, unavailable, state);
        }
        else if (healthEvent.Transition is { } transition)
        {
            _recorder.Enqueue(StateAfter(member, transition), new MemberTransition(member.Id, transition));
        }

        _hub.Publish(member, healthEvent, _time.GetUtcNow(), unavailable);
    }

    private MemberHealth StateAfter(Member member, HealthTransition transition)
    {
        var last = transition.Evidence.Count > 0 ? transition.Evidence[^1] : _engine.GetMember(member.Id)?.LastResult;
        return new MemberHealth(member.Id, transition.To, transition.At, last);
    }
}
