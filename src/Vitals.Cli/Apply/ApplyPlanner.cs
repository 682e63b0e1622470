using System.Text.Json.Nodes;
using Vitals.Core.Validation;

namespace Vitals.Cli.Apply;

/// <summary>
/// Compares a <see cref="FleetFile"/> with the <see cref="CurrentFleet"/> and plans the calls that make the server
/// match the file: resources are matched by name under their parent; creates and updates run parents first
/// (instances, load balancers, listeners, pools, monitors, members, HAProxy bindings, webhooks, Alertmanagers, then listener ↔
/// pool attachments);
/// deletes run children first and only with <c>prune</c>. A field fixed at creation that differs is an error, so the plan never
/// half-applies a change the server would refuse.
/// </summary>
internal sealed partial class ApplyPlanner
{
    private static readonly string[] ListenerFixed = ["protocol", "protocol_port"];
    private static readonly string[] PoolFixed = ["protocol"];
    private static readonly string[] MemberFixed = ["address", "protocol_port"];

    private readonly FleetFile _file;
    private readonly CurrentFleet _current;
    private readonly bool _prune;
    private readonly HashSet<string> _matched = new(StringComparer.Ordinal);
    private readonly HashSet<string> _attachedAtCreate = new(StringComparer.Ordinal);
    private readonly List<PlannedCall> _creates = [];
    private readonly List<PlannedCall> _detaches = [];
    private readonly List<PlannedCall> _attaches = [];
    private readonly List<PlanStep> _attachSteps = [];
    private readonly List<PlannedCall> _deleteMembers = [], _deleteMonitors = [], _deleteListeners = [], _deletePools = [], _deleteLbs = [],
        _deleteInstances = [], _deleteBindings = [], _deleteNotifications = [];

    public ApplyPlanner(FleetFile file, CurrentFleet current, bool prune)
    {
        _file = file;
        _current = current;
        _prune = prune;
    }

    public FieldErrorList Errors { get; } = new();

    /// <summary>Ids of resources that exist, by key; the run starts from them.</summary>
    public Dictionary<string, string> KnownIds { get; } = new(StringComparer.Ordinal);

    /// <summary>The plan in the order it is shown: creates and updates, attachments, then deletes.</summary>
    public List<PlanStep> Steps { get; } = [];

    /// <summary>The calls in the order they run.</summary>
    public List<PlannedCall> Calls { get; } = [];

    public void Plan()
    {
        foreach (var instance in _file.Instances)
        {
            PlanInstance(instance);
        }

        foreach (var lb in _file.LoadBalancers)
        {
            PlanLoadBalancer(lb);
        }

        PlanNotifications();
        PlanPrune();
        AddCalls(_creates);

        Steps.AddRange(_attachSteps);
        Calls.AddRange(_detaches);
        Calls.AddRange(_attaches);
        foreach (var list in new[] { _deleteNotifications, _deleteBindings, _deleteMembers, _deleteMonitors, _deleteListeners, _deletePools, _deleteLbs, _deleteInstances })
        {
            AddCalls(list);
        }
    }

    private void AddCalls(List<PlannedCall> calls)
    {
        foreach (var call in calls)
        {
            Steps.Add(call.Step);
            Calls.Add(call);
        }
    }

    private void PlanInstance(DesiredResource instance)
    {
        var key = "instance:" + instance.Name;
        var existing = CurrentFleet.TakeByName(_current.Instances, instance.Name, _matched);
        if (existing is null)
        {
            var body = instance.Fields.DeepClone().AsObject();
            Create("instances", instance, key, instance.Fields["address"]?.ToString(), (_, b) => b, body);
            return;
        }

        KnownIds[key] = CurrentFleet.Id(existing);
        Update("instances", instance, existing, [], []);
    }

    private void PlanLoadBalancer(DesiredResource lb)
    {
        var key = "lb:" + lb.Name;
        var existing = CurrentFleet.TakeByName(_current.LoadBalancers, lb.Name, _matched);
        string? lbId = null;
        if (existing is null)
        {
            Create("loadbalancers", lb, key, lb.Fields["region"]?.ToString(), (_, b) => b, lb.Fields.DeepClone().AsObject());
        }
        else
        {
            lbId = CurrentFleet.Id(existing);
            KnownIds[key] = lbId;
            Update("loadbalancers", lb, existing, [], []);
        }

        var currentListeners = CurrentFleet.ChildrenOf(_current.Listeners, "loadbalancer_id", lbId);
        var currentPools = CurrentFleet.ChildrenOf(_current.Pools, "loadbalancer_id", lbId);
        var listenerState = new Dictionary<string, JsonObject?>(StringComparer.Ordinal);
        foreach (var listener in lb.Listeners)
        {
            listenerState[listener.Name] = PlanListener(lb, listener, currentListeners);
        }

        var poolIds = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var pool in lb.Pools)
        {
            poolIds[pool.Name] = PlanPool(lb, pool, currentPools, listenerState);
        }

        foreach (var listener in lb.Listeners)
        {
            PlanAttachment(lb, listener, listenerState[listener.Name], poolIds);
        }

        PlanHaproxyBindings(lb, lbId);
    }

    private JsonObject? PlanListener(DesiredResource lb, DesiredResource listener, List<JsonObject> candidates)
    {
        var key = "listener:" + listener.Label;
        var existing = CurrentFleet.TakeByName(candidates, listener.Name, _matched);
        if (existing is null)
        {
            Create("listeners", listener, key, $"{listener.Fields["protocol"]}:{listener.Fields["protocol_port"]}",
                (run, body) => { body["loadbalancer_id"] = run.IdOf("lb:" + lb.Name); return body; },
                listener.Fields.DeepClone().AsObject());
            return null;
        }

        KnownIds[key] = CurrentFleet.Id(existing);
        Update("listeners", listener, existing, ListenerFixed, []);
        return existing;
    }

    private string? PlanPool(DesiredResource lb, DesiredResource pool, List<JsonObject> candidates, Dictionary<string, JsonObject?> listeners)
    {
        var key = "pool:" + pool.Label;
        var existing = CurrentFleet.TakeByName(candidates, pool.Name, _matched);
        string? poolId = null;
        if (existing is null)
        {
            // Attached at creation when its listener will have no pool then (a new listener, or one without a pool);
            // otherwise the attachment step moves the listener to it.
            var attachAtCreate = pool.ListenerName is { } listenerName
                && (listeners[listenerName] is not { } current || current["default_pool_id"] is null);
            Create("pools", pool, key, pool.ListenerName is null ? pool.Fields["protocol"]?.ToString() : $"{pool.Fields["protocol"]}, for listener {pool.ListenerName}",
                (run, body) =>
                {
                    body["loadbalancer_id"] = run.IdOf("lb:" + lb.Name);
                    if (attachAtCreate)
                    {
                        body["listener_id"] = run.IdOf($"listener:{lb.Name}/{pool.ListenerName}");
                    }

                    return body;
                },
                pool.Fields.DeepClone().AsObject());
            if (attachAtCreate)
            {
                _attachedAtCreate.Add(pool.Label);
            }
        }
        else
        {
            poolId = CurrentFleet.Id(existing);
            KnownIds[key] = poolId;
            Update("pools", pool, existing, PoolFixed, []);
        }

        PlanMonitor(pool, poolId);
        PlanMembers(pool, poolId);
        return poolId;
    }
}
