using System.Text.Json;
using System.Text.Json.Nodes;
using Vitals.Core.Resources;
using Vitals.Core.Traffic;
using Vitals.Core.Validation;

namespace Vitals.Cli.Apply;

// A load balancer's HAProxy bindings (docs/fleet-file.md, "Format": haproxy under a load balancer).
internal static partial class FleetFileReader
{
    private static readonly string[] HaproxyKeys = ["name", "description", "runtime_api", "backends", "manage_servers", "admin_state_up"];

    /// <summary>
    /// Reads <c>haproxy:</c> under a load balancer: names unique on it, the runtime API address's syntax (the server's
    /// socket and target policies judge the rest), backends keyed by the name of a pool of this load balancer.
    /// </summary>
    private static void ReadHaproxyBindings(FieldReader lbReader, DesiredResource lb, HashSet<string> poolNames, FieldErrorList errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var items = lbReader.List("haproxy");
        for (var i = 0; i < items.Count; i++)
        {
            var path = lbReader.FieldPath($"haproxy[{i}]");
            if (FieldReader.Open(items[i], path, HaproxyKeys, errors) is not { } r)
            {
                continue;
            }

            var name = r.RequiredName();
            var description = r.String("description") ?? "";
            var runtimeApi = r.String("runtime_api");
            var local = new FieldErrorList();
            ResourceRules.Name(local, name);
            DescriptionRule.Check(local, description);
            if (runtimeApi is null)
            {
                local.Add("runtime_api", "is required: " + HaproxyRuntimeApi.Rule[8..]);
            }
            else if (HaproxyRuntimeApi.TryParse(runtimeApi) is null)
            {
                local.Add("runtime_api", $"{HaproxyRuntimeApi.Rule} (got '{runtimeApi}')");
            }

            r.Errors(local.Errors);
            var backends = Backends(r, poolNames);
            Unique(names, name, path, "HAProxy binding of this load balancer", errors);
            lb.HaproxyBindings.Add(new DesiredResource("haproxy-binding", path, $"{lb.Label}/{name}", new JsonObject
            {
                ["name"] = name,
                ["description"] = description,
                ["runtime_api"] = runtimeApi,
                ["manage_servers"] = r.Bool("manage_servers") ?? false,
                ["admin_state_up"] = r.Bool("admin_state_up") ?? true,
            })
            {
                Backends = backends,
            });
        }
    }

    /// <summary><c>backends:</c> pool name → backend name; every pool must be declared under this load balancer.</summary>
    private static SortedDictionary<string, string> Backends(FieldReader r, HashSet<string> poolNames)
    {
        var backends = new SortedDictionary<string, string>(StringComparer.Ordinal);
        switch (r.Node("backends"))
        {
            case null:
                return backends;
            case JsonObject map:
                foreach (var (poolName, value) in map)
                {
                    var key = $"backends.{poolName}";
                    if (!poolNames.Contains(poolName))
                    {
                        r.Error(key, $"no pool named '{poolName}' is declared under this load balancer");
                    }

                    if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is var backend
                        && backend.Length <= HaproxyNames.MaxIdentifierLength && HaproxyNames.IsIdentifier(backend))
                    {
                        backends[poolName] = backend;
                    }
                    else
                    {
                        r.Error(key, $"must be an HAProxy backend name: 1 to {HaproxyNames.MaxIdentifierLength} ASCII letters, digits, "
                            + $"'-', '_', '.' and ':' (got {value?.ToJsonString() ?? "null"})");
                    }
                }

                return backends;
            default:
                r.Error("backends", "must be a map of pool name to HAProxy backend name");
                return backends;
        }
    }
}
