using System.Text.Json.Nodes;

namespace Vitals.Cli.Apply;

// Monitors, members and listener attachments.
internal sealed partial class ApplyPlanner
{
    private void PlanMonitor(DesiredResource pool, string? poolId)
    {
        var existing = poolId is null ? null : CurrentFleet.ChildrenOf(_current.Monitors, "pool_id", poolId).FirstOrDefault();
        if (existing is not null && pool.Monitor is not null)
        {
            _matched.Add(CurrentFleet.Id(existing));
            Update("healthmonitors", pool.Monitor, existing, [], []);
        }
        else if (pool.Monitor is { } monitor)
        {
            Create("healthmonitors", monitor, null, Describe(monitor.Fields),
                (run, body) => { body["pool_id"] = run.IdOf("pool:" + pool.Label); return body; }, monitor.Fields.DeepClone().AsObject());
        }
    }

    private void PlanMembers(DesiredResource pool, string? poolId)
    {
        var candidates = CurrentFleet.ChildrenOf(_current.Members, "pool_id", poolId);
        foreach (var member in pool.Members)
        {
            if (member.InstanceName is { } instanceName && !_file.Instances.Exists(i => i.Name == instanceName))
            {
                Errors.Add(member.Path + ".instance", $"no instance named '{instanceName}' is declared under instances: in this file");
                continue;
            }

            var instanceKey = member.InstanceName is null ? null : "instance:" + member.InstanceName;
            var existing = CurrentFleet.TakeByName(candidates, member.Name, _matched);
            if (existing is null)
            {
                Create("members", member, null, $"{member.Fields["address"]}:{member.Fields["protocol_port"]}",
                    (run, body) =>
                    {
                        body["pool_id"] = run.IdOf("pool:" + pool.Label);
                        body["instance_id"] = instanceKey is null ? null : run.IdOf(instanceKey);
                        return body;
                    },
                    member.Fields.DeepClone().AsObject());
                continue;
            }

            // The instance is named in the file and shown by id on the server: compare ids, show names.
            var currentInstanceId = CurrentFleet.Text(existing, "instance_id");
            var desiredInstanceId = instanceKey is null ? null : KnownIds.GetValueOrDefault(instanceKey);
            var extra = new List<FieldChange>();
            if (currentInstanceId != desiredInstanceId || (instanceKey is not null && desiredInstanceId is null))
            {
                extra.Add(new FieldChange("instance", InstanceName(currentInstanceId), member.InstanceName));
            }

            if (FixedChanges(member, existing, MemberFixed) is { Count: > 0 } moved)
            {
                ReplaceMember(pool, member, existing, candidates, moved, instanceKey);
                continue;
            }

            Update("members", member, existing, MemberFixed, extra,
                extra.Count == 0 ? null : (run, body) => body["instance_id"] = instanceKey is null ? null : run.IdOf(instanceKey));
        }
    }

    /// <summary>
    /// A member whose address or port changed is replaced, the way a load balancer's own console does it: the new
    /// member is created first, then the old one deleted, so a failed create changes nothing. The new endpoint must
    /// not be another member's of the pool (the server would refuse the create).
    /// </summary>
    private void ReplaceMember(DesiredResource pool, DesiredResource member, JsonObject existing, List<JsonObject> candidates,
        List<FieldChange> changes, string? instanceKey)
    {
        var endpoint = $"{Canonical.Of("address", member.Fields["address"])?.ToJsonString()}:{member.Fields["protocol_port"]}";
        foreach (var other in candidates)
        {
            if (other != existing && $"{Canonical.Of("address", other["address"])?.ToJsonString()}:{other["protocol_port"]}" == endpoint)
            {
                Errors.Add($"{member.Path}.address", $"{member.Fields["address"]}:{member.Fields["protocol_port"]} is already member "
                    + $"'{CurrentFleet.Text(other, "name")}' of this pool: a member cannot be replaced by the endpoint of another");
                return;
            }
        }

        var oldId = CurrentFleet.Id(existing);
        var body = member.Fields.DeepClone().AsObject();
        var step = new PlanStep(PlanAction.Replace, member.Kind, member.Label, oldId,
            $"{member.Fields["address"]}:{member.Fields["protocol_port"]}", changes);
        _creates.Add(new PlannedCall(step, async (run, token) =>
        {
            var request = body.DeepClone().AsObject();
            request["pool_id"] = run.IdOf("pool:" + pool.Label);
            request["instance_id"] = instanceKey is null ? null : run.IdOf(instanceKey);
            await run.Client.PostAsync("/api/v1/members", request, token);
            await run.Client.DeleteAsync($"/api/v1/members/{oldId}", token);
        }));
    }

    private void PlanAttachment(DesiredResource lb, DesiredResource listener, JsonObject? existing, Dictionary<string, string?> poolIds)
    {
        var currentPoolId = existing is null ? null : CurrentFleet.Text(existing, "default_pool_id");
        var desiredName = listener.PoolName;
        var desiredPoolId = desiredName is null ? null : poolIds[desiredName];
        bool change;
        if (desiredName is null)
        {
            change = currentPoolId is not null;
        }
        else if (desiredPoolId is null)
        {
            change = !_attachedAtCreate.Contains($"{lb.Name}/{desiredName}");
        }
        else
        {
            change = currentPoolId != desiredPoolId;
        }

        if (!change)
        {
            return;
        }

        var step = new PlanStep(PlanAction.Update, "listener", listener.Label, existing is null ? null : CurrentFleet.Id(existing), null,
            [new FieldChange("default_pool", PoolName(currentPoolId), desiredName)]);
        _attachSteps.Add(step);
        var key = "listener:" + listener.Label;
        if (currentPoolId is not null)
        {
            _detaches.Add(new PlannedCall(step, (run, token) =>
                run.Client.PutAsync($"/api/v1/listeners/{run.IdOf(key)}", new JsonObject { ["default_pool_id"] = null }, token)));
        }

        if (desiredName is not null)
        {
            _attaches.Add(new PlannedCall(step, (run, token) =>
                run.Client.PutAsync($"/api/v1/listeners/{run.IdOf(key)}",
                    new JsonObject { ["default_pool_id"] = run.IdOf($"pool:{lb.Name}/{desiredName}") }, token)));
        }
    }

    private string? InstanceName(string? id) =>
        id is null ? null : _current.Instances.Find(i => CurrentFleet.Id(i) == id) is { } i ? CurrentFleet.Text(i, "name") ?? id : id;

    private string? PoolName(string? id) =>
        id is null ? null : _current.Pools.Find(p => CurrentFleet.Id(p) == id) is { } p && CurrentFleet.Text(p, "name") is { Length: > 0 } name
            ? name
            : id;

    private static string Describe(JsonObject monitor)
    {
        var type = monitor["type"]?.ToString();
        var check = type is "HTTP" or "HTTPS" ? $"{type} {monitor["http_method"]} {monitor["url_path"]}" : type;
        return $"{check} every {monitor["delay"]} s, timeout {monitor["timeout"]} s, rise {monitor["max_retries"]}, fall {monitor["max_retries_down"]}";
    }
}
