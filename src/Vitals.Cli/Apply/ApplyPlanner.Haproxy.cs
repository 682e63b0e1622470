using System.Text.Json.Nodes;

namespace Vitals.Cli.Apply;

// HAProxy bindings: matched by name under their load balancer, backends named by pool in the file and by pool id on the server.
internal sealed partial class ApplyPlanner
{
    private void PlanHaproxyBindings(DesiredResource lb, string? lbId)
    {
        var candidates = CurrentFleet.ChildrenOf(_current.HaproxyBindings, "loadbalancer_id", lbId);
        foreach (var binding in lb.HaproxyBindings)
        {
            var backends = binding.Backends ?? new SortedDictionary<string, string>(StringComparer.Ordinal);
            var existing = CurrentFleet.TakeByName(candidates, binding.Name, _matched);
            if (existing is null)
            {
                Create("haproxy-bindings", binding, null, binding.Fields["runtime_api"]?.ToString(),
                    (run, body) =>
                    {
                        body["loadbalancer_id"] = run.IdOf("lb:" + lb.Name);
                        body["backends"] = BackendIds(run, lb, backends);
                        return body;
                    },
                    binding.Fields.DeepClone().AsObject());
                continue;
            }

            // The server shows pool ids, the file pool names: compare by name, show names, send ids.
            var current = CurrentBackends(existing);
            var extra = new List<FieldChange>();
            if (!current.SequenceEqual(backends))
            {
                extra.Add(new FieldChange("backends", Json(current), Json(backends)));
            }

            Update("haproxy-bindings", binding, existing, [], extra,
                extra.Count == 0 ? null : (run, body) => body["backends"] = BackendIds(run, lb, backends));
        }
    }

    /// <summary>The binding's backends on the server by pool name (a pool no longer there keeps its id).</summary>
    private SortedDictionary<string, string> CurrentBackends(JsonObject binding)
    {
        var backends = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (binding["backends"] is JsonObject map)
        {
            foreach (var (poolId, backend) in map)
            {
                backends[PoolName(poolId) ?? poolId] = backend?.ToString() ?? "";
            }
        }

        return backends;
    }

    private static JsonObject BackendIds(ApplyRun run, DesiredResource lb, SortedDictionary<string, string> backends)
    {
        var ids = new JsonObject();
        foreach (var (poolName, backend) in backends)
        {
            ids[run.IdOf($"pool:{lb.Name}/{poolName}")] = backend;
        }

        return ids;
    }

    private static JsonObject Json(SortedDictionary<string, string> backends)
    {
        var json = new JsonObject();
        foreach (var (pool, backend) in backends)
        {
            json[pool] = backend;
        }

        return json;
    }
}
