using System.Text.Json.Nodes;

namespace Vitals.Cli.Apply;

// The create, update and delete calls, and the prune pass.
internal sealed partial class ApplyPlanner
{
    private void Create(string collection, DesiredResource desired, string? key, string? detail,
        Func<ApplyRun, JsonObject, JsonObject> complete, JsonObject body)
    {
        var step = new PlanStep(PlanAction.Create, desired.Kind, desired.Label, null, detail, []);
        _creates.Add(new PlannedCall(step, async (run, token) =>
        {
            var request = complete(run, body.DeepClone().AsObject());
            var created = await run.Client.PostAsync($"/api/v1/{collection}", request, token);
            if (key is not null)
            {
                run.Ids[key] = CurrentFleet.Id(created);
            }
        }));
    }

    /// <summary>The fixed fields whose value in the file differs from the server's.</summary>
    private static List<FieldChange> FixedChanges(DesiredResource desired, JsonObject existing, string[] fixedFields)
    {
        var changes = new List<FieldChange>();
        foreach (var field in fixedFields)
        {
            var value = desired.Fields[field];
            var old = existing[field];
            if (!JsonNode.DeepEquals(Canonical.Of(field, value), Canonical.Of(field, old)))
            {
                changes.Add(new FieldChange(field, old?.DeepClone(), value?.DeepClone()));
            }
        }

        return changes;
    }

    /// <summary>Plans a partial update of the fields that differ; a differing fixed field is an error instead.</summary>
    private void Update(string collection, DesiredResource desired, JsonObject existing, string[] fixedFields, List<FieldChange> extra,
        Action<ApplyRun, JsonObject>? complete = null)
    {
        var changes = new List<FieldChange>();
        var body = new JsonObject();
        foreach (var (field, value) in desired.Fields)
        {
            var old = existing[field];
            if (JsonNode.DeepEquals(Canonical.Of(field, value), Canonical.Of(field, old)))
            {
                continue;
            }

            if (fixedFields.Contains(field, StringComparer.Ordinal))
            {
                Errors.Add($"{desired.Path}.{field}", $"cannot change from {old?.ToJsonString()} to {value?.ToJsonString()}: it is fixed once the "
                    + $"{desired.Kind} exists. Give the {desired.Kind} a new name (apply with --prune removes the old one), or delete it first");
                continue;
            }

            changes.Add(new FieldChange(field, old?.DeepClone(), value?.DeepClone()));
            body[field] = value?.DeepClone();
        }

        changes.AddRange(extra);
        if (changes.Count == 0)
        {
            return;
        }

        var id = CurrentFleet.Id(existing);
        var step = new PlanStep(PlanAction.Update, desired.Kind, desired.Label, id, null, changes);
        _creates.Add(new PlannedCall(step, (run, token) =>
        {
            var request = body.DeepClone().AsObject();
            complete?.Invoke(run, request);
            return run.Client.PutAsync($"/api/v1/{collection}/{id}", request, token);
        }));
    }

    private void PlanPrune()
    {
        if (!_prune)
        {
            return;
        }

        PruneNotifications();
        foreach (var binding in _current.HaproxyBindings)
        {
            Delete(_deleteBindings, "haproxy-bindings", "haproxy-binding", binding, CurrentFleet.Text(binding, "runtime_api"));
        }

        foreach (var member in _current.Members)
        {
            Delete(_deleteMembers, "members", "member", member, $"{member["address"]}:{member["protocol_port"]}");
        }

        foreach (var monitor in _current.Monitors)
        {
            // A pool's monitor goes with the pool; only the monitor of a pool that stays is deleted on its own.
            if (_matched.Contains(CurrentFleet.Text(monitor, "pool_id") ?? ""))
            {
                Delete(_deleteMonitors, "healthmonitors", "healthmonitor", monitor, null);
            }
        }

        foreach (var listener in _current.Listeners)
        {
            Delete(_deleteListeners, "listeners", "listener", listener, $"{listener["protocol"]}:{listener["protocol_port"]}");
        }

        foreach (var pool in _current.Pools)
        {
            Delete(_deletePools, "pools", "pool", pool, null);
        }

        foreach (var lb in _current.LoadBalancers)
        {
            Delete(_deleteLbs, "loadbalancers", "loadbalancer", lb, null);
        }

        foreach (var instance in _current.Instances)
        {
            Delete(_deleteInstances, "instances", "instance", instance, CurrentFleet.Text(instance, "address"));
        }
    }

    private void Delete(List<PlannedCall> calls, string collection, string kind, JsonObject resource, string? detail)
    {
        var id = CurrentFleet.Id(resource);
        if (_matched.Contains(id))
        {
            return;
        }

        var name = CurrentFleet.Text(resource, "name");
        var step = new PlanStep(PlanAction.Delete, kind, string.IsNullOrEmpty(name) ? id : name, id, detail, []);
        calls.Add(new PlannedCall(step, (run, token) => run.Client.DeleteAsync($"/api/v1/{collection}/{id}", token)));
    }
}
