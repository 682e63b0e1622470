using System.Globalization;
using System.Text.Json.Nodes;
using Vitals.Core.Monitoring;
using Vitals.Core.Resources;
using Vitals.Core.Validation;

namespace Vitals.Cli.Apply;

/// <summary>
/// Turns a fleet file into <see cref="FleetFile"/>, checking every field with the same Core rules the API applies
/// (<see cref="HealthMonitorValidator"/>, <see cref="ResourceRules"/>, <see cref="InstanceRules"/>...) and the
/// uniqueness of names, and reporting every problem at once with its path. Nothing is sent to a server before the
/// whole file is valid.
/// </summary>
internal static partial class FleetFileReader
{
    private static readonly string[] TopKeys = ["loadbalancers", "instances", "webhooks", "alertmanagers"];
    private static readonly string[] LbKeys = ["name", "description", "region", "listeners", "pools", "haproxy"];
    private static readonly string[] ListenerKeys = ["name", "protocol", "protocol_port", "admin_state_up", "pool"];
    private static readonly string[] PoolKeys =
        ["name", "protocol", "lb_algorithm", "admin_state_up", "min_healthy_percent", "health_monitor", "members"];
    private static readonly string[] MonitorKeys =
    [
        "name", "type", "delay", "timeout", "max_retries", "max_retries_down", "expected_codes", "url_path", "http_method",
        "domain_name", "monitor_port", "admin_state_up",
    ];

    private static readonly string[] MemberKeys = ["name", "address", "protocol_port", "weight", "admin_state_up", "instance"];
    private static readonly string[] InstanceKeys = ["name", "region", "address", "node_exporter_url", "maintenance_windows"];
    private static readonly string[] WindowKeys = ["start", "end", "description"];

    public static FleetFile? Read(string text, FieldErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var root = YamlToJson.Parse(text, errors);
        if (errors.HasErrors)
        {
            return null;
        }

        var top = FieldReader.Open(root, "", TopKeys, errors);
        if (top is null)
        {
            return null;
        }

        var file = new FleetFile();
        var instanceNames = new HashSet<string>(StringComparer.Ordinal);
        var items = top.List("instances");
        for (var i = 0; i < items.Count; i++)
        {
            if (ReadInstance(items[i], $"instances[{i}]", errors) is { } instance)
            {
                Unique(instanceNames, instance.Name, instance.Path, "instance", errors);
                file.Instances.Add(instance);
            }
        }

        var lbNames = new HashSet<string>(StringComparer.Ordinal);
        items = top.List("loadbalancers");
        for (var i = 0; i < items.Count; i++)
        {
            if (ReadLoadBalancer(items[i], $"loadbalancers[{i}]", errors) is { } lb)
            {
                Unique(lbNames, lb.Name, lb.Path, "load balancer", errors);
                file.LoadBalancers.Add(lb);
            }
        }

        ReadNotifications(top, file, errors);
        return errors.HasErrors ? null : file;
    }

    private static DesiredResource? ReadLoadBalancer(JsonNode? node, string path, FieldErrorList errors)
    {
        if (FieldReader.Open(node, path, LbKeys, errors) is not { } r)
        {
            return null;
        }

        var name = r.RequiredName();
        var description = r.String("description") ?? "";
        var region = r.String("region") ?? ResourceRules.DefaultRegion;
        var local = new FieldErrorList();
        ResourceRules.Name(local, name);
        DescriptionRule.Check(local, description);
        ResourceRules.Region(local, region);
        r.Errors(local.Errors);
        var lb = new DesiredResource("loadbalancer", path, name, new JsonObject
        {
            ["name"] = name, ["description"] = description, ["region"] = region,
        });

        var poolNames = new HashSet<string>(StringComparer.Ordinal);
        var listenerNames = new HashSet<string>(StringComparer.Ordinal);
        var listenerPorts = new HashSet<string>(StringComparer.Ordinal);
        var listeners = r.List("listeners");
        for (var i = 0; i < listeners.Count; i++)
        {
            var listenerPath = r.FieldPath($"listeners[{i}]");
            if (ReadListener(listeners[i], listenerPath, lb, errors) is not { } listener)
            {
                continue;
            }

            Unique(listenerNames, listener.Name, listenerPath, "listener of this load balancer", errors);
            var port = $"{listener.Fields["protocol"]}:{listener.Fields["protocol_port"]}";
            if (!listenerPorts.Add(port))
            {
                errors.Add(listenerPath + ".protocol_port", $"another listener of this load balancer already uses {port}");
            }

            lb.Listeners.Add(listener);
            foreach (var pool in listener.Pools)
            {
                Unique(poolNames, pool.Name, pool.Path, "pool of this load balancer", errors);
                lb.Pools.Add(pool);
            }
        }

        var pools = r.List("pools");
        for (var i = 0; i < pools.Count; i++)
        {
            if (ReadPool(pools[i], r.FieldPath($"pools[{i}]"), lb.Label, null, errors) is { } pool)
            {
                Unique(poolNames, pool.Name, pool.Path, "pool of this load balancer", errors);
                lb.Pools.Add(pool);
            }
        }

        ReadHaproxyBindings(r, lb, poolNames, errors);
        return lb;
    }

    private static DesiredResource? ReadListener(JsonNode? node, string path, DesiredResource lb, FieldErrorList errors)
    {
        if (FieldReader.Open(node, path, ListenerKeys, errors) is not { } r)
        {
            return null;
        }

        var name = r.RequiredName();
        var local = new FieldErrorList();
        ResourceRules.Name(local, name);
        var protocolText = r.String("protocol");
        if (!ProtocolNames.TryParseListener(protocolText, out var protocol))
        {
            local.Add("protocol", protocolText is null
                ? $"is required: one of {ProtocolNames.ListenerAllowedList}"
                : $"must be one of {ProtocolNames.ListenerAllowedList} (got '{protocolText}')");
        }

        var port = r.Int("protocol_port");
        if (r.Has("protocol_port") || port is null)
        {
            ResourceRules.Port(local, "protocol_port", port, required: !r.Has("protocol_port"));
        }

        r.Errors(local.Errors);
        DesiredResource? pool = null;
        if (r.Has("pool"))
        {
            pool = ReadPool(r.Node("pool"), r.FieldPath("pool"), lb.Label, name, errors);
        }

        var listener = new DesiredResource("listener", path, $"{lb.Label}/{name}", new JsonObject
        {
            ["name"] = name,
            ["protocol"] = protocol?.ToWire() ?? protocolText,
            ["protocol_port"] = port,
            ["admin_state_up"] = r.Bool("admin_state_up") ?? true,
        })
        {
            PoolName = pool?.Name,
        };
        if (pool is not null)
        {
            listener.Pools.Add(pool);
        }

        return listener;
    }

    private static DesiredResource? ReadPool(JsonNode? node, string path, string lbLabel, string? listenerName, FieldErrorList errors)
    {
        if (FieldReader.Open(node, path, PoolKeys, errors) is not { } r)
        {
            return null;
        }

        var name = r.RequiredName();
        var local = new FieldErrorList();
        ResourceRules.Name(local, name);
        var protocolText = r.String("protocol");
        if (!ProtocolNames.TryParsePool(protocolText, out var protocol))
        {
            local.Add("protocol", protocolText is null
                ? $"is required: one of {ProtocolNames.PoolAllowedList}"
                : $"must be one of {ProtocolNames.PoolAllowedList} (got '{protocolText}')");
        }

        var algorithmText = r.String("lb_algorithm") ?? LbAlgorithms.RoundRobin;
        if (!LbAlgorithms.TryParse(algorithmText, out var algorithm))
        {
            local.Add("lb_algorithm", $"must be one of {LbAlgorithms.AllowedList} (got '{algorithmText}')");
        }

        var minHealthy = r.Int("min_healthy_percent");
        local.RequireRange("min_healthy_percent", minHealthy, 1, 100);
        r.Errors(local.Errors);
        var pool = new DesiredResource("pool", path, $"{lbLabel}/{name}", new JsonObject
        {
            ["name"] = name,
            ["protocol"] = protocol?.ToWire() ?? protocolText,
            ["lb_algorithm"] = algorithm ?? algorithmText,
            ["admin_state_up"] = r.Bool("admin_state_up") ?? true,
            ["min_healthy_percent"] = minHealthy,
        })
        {
            ListenerName = listenerName,
        };

        if (r.Has("health_monitor"))
        {
            pool.Monitor = ReadMonitor(r.Node("health_monitor"), r.FieldPath("health_monitor"), pool.Label, protocol, errors);
        }

        var memberNames = new HashSet<string>(StringComparer.Ordinal);
        var endpoints = new HashSet<string>(StringComparer.Ordinal);
        var members = r.List("members");
        for (var i = 0; i < members.Count; i++)
        {
            if (ReadMember(members[i], r.FieldPath($"members[{i}]"), pool.Label, errors) is not { } member)
            {
                continue;
            }

            Unique(memberNames, member.Name, member.Path, "member of this pool", errors);
            var endpoint = $"{member.Fields["address"]} port {member.Fields["protocol_port"]}";
            if (member.Fields["address"] is not null && !endpoints.Add(endpoint))
            {
                errors.Add(member.Path + ".address", $"another member of this pool already has {endpoint}");
            }

            pool.Members.Add(member);
        }

        return pool;
    }

    private static DesiredResource? ReadMonitor(JsonNode? node, string path, string poolLabel, PoolProtocol? protocol, FieldErrorList errors)
    {
        if (FieldReader.Open(node, path, MonitorKeys, errors) is not { } r)
        {
            return null;
        }

        var name = r.String("name") ?? "";
        var draft = new HealthMonitorDraft
        {
            Type = r.String("type"),
            Delay = r.Int("delay"),
            Timeout = r.Int("timeout"),
            MaxRetries = r.Int("max_retries"),
            MaxRetriesDown = r.Int("max_retries_down"),
            ExpectedCodes = r.String("expected_codes"),
            UrlPath = r.String("url_path"),
            HttpMethod = r.String("http_method"),
            DomainName = r.String("domain_name"),
            MonitorPort = r.Int("monitor_port"),
            AdminStateUp = r.Bool("admin_state_up"),
        };
        var nameErrors = new FieldErrorList();
        ResourceRules.Name(nameErrors, name);
        r.Errors(nameErrors.Errors);
        if (!HealthMonitorValidator.TryCreate(draft, out var spec, out var specErrors))
        {
            r.Errors(specErrors);
            return null;
        }

        if (protocol is { } p && !p.Allows(spec.Type))
        {
            r.Error("type", $"a pool of protocol {p.ToWire()} allows only {string.Join(", ", p.AllowedMonitorTypes().Select(t => t.ToWire()))} (got {spec.Type.ToWire()})");
        }

        var canonical = HealthMonitorDraft.From(spec);
        return new DesiredResource("healthmonitor", path, poolLabel, new JsonObject
        {
            ["name"] = name,
            ["type"] = canonical.Type,
            ["delay"] = canonical.Delay,
            ["timeout"] = canonical.Timeout,
            ["max_retries"] = canonical.MaxRetries,
            ["max_retries_down"] = canonical.MaxRetriesDown,
            ["expected_codes"] = canonical.ExpectedCodes,
            ["url_path"] = canonical.UrlPath,
            ["http_method"] = canonical.HttpMethod,
            ["domain_name"] = canonical.DomainName,
            ["monitor_port"] = canonical.MonitorPort,
            ["admin_state_up"] = canonical.AdminStateUp,
        });
    }

    private static DesiredResource? ReadMember(JsonNode? node, string path, string poolLabel, FieldErrorList errors)
    {
        if (FieldReader.Open(node, path, MemberKeys, errors) is not { } r)
        {
            return null;
        }

        var name = r.RequiredName();
        var local = new FieldErrorList();
        ResourceRules.Name(local, name);
        var address = ResourceRules.Address(local, "address", r.String("address"), required: true);
        var port = r.Int("protocol_port");
        ResourceRules.Port(local, "protocol_port", port, required: !r.Has("protocol_port"));
        var weight = r.Int("weight") ?? 1;
        ResourceRules.Weight(local, weight);
        r.Errors(local.Errors);
        var instance = r.String("instance");
        if (instance is { Length: 0 })
        {
            r.Error("instance", "must be the name of an instance (or left out)");
        }

        return new DesiredResource("member", path, $"{poolLabel}/{name}", new JsonObject
        {
            ["name"] = name,
            ["address"] = address?.ToString(),
            ["protocol_port"] = port,
            ["weight"] = weight,
            ["admin_state_up"] = r.Bool("admin_state_up") ?? true,
        })
        {
            InstanceName = instance,
        };
    }

    private static DesiredResource? ReadInstance(JsonNode? node, string path, FieldErrorList errors)
    {
        if (FieldReader.Open(node, path, InstanceKeys, errors) is not { } r)
        {
            return null;
        }

        var name = r.RequiredName();
        var local = new FieldErrorList();
        ResourceRules.Name(local, name);
        var region = r.String("region") ?? ResourceRules.DefaultRegion;
        ResourceRules.Region(local, region);
        var address = ResourceRules.Address(local, "address", r.String("address"), required: true);
        var url = r.String("node_exporter_url");
        InstanceRules.NodeExporterUrl(local, url);
        var windows = new List<MaintenanceWindow>();
        var windowsJson = new JsonArray();
        var items = r.List("maintenance_windows");
        for (var i = 0; i < items.Count; i++)
        {
            if (FieldReader.Open(items[i], r.FieldPath($"maintenance_windows[{i}]"), WindowKeys, errors) is not { } w)
            {
                continue;
            }

            var start = Instant(w, "start");
            var end = Instant(w, "end");
            var description = w.String("description") ?? "";
            if (start is { } s && end is { } e)
            {
                windows.Add(new MaintenanceWindow(s, e, description));
                windowsJson.Add(new JsonObject { ["start"] = Canonical.Instant(s), ["end"] = Canonical.Instant(e), ["description"] = description });
            }
        }

        InstanceRules.MaintenanceWindows(local, windows);
        r.Errors(local.Errors);
        return new DesiredResource("instance", path, name, new JsonObject
        {
            ["name"] = name,
            ["region"] = region,
            ["address"] = address?.ToString(),
            ["node_exporter_url"] = url,
            ["maintenance_windows"] = windowsJson,
        });
    }

    private static DateTimeOffset? Instant(FieldReader r, string key)
    {
        var text = r.String(key);
        if (text is null)
        {
            r.Error(key, "is required: an ISO 8601 instant such as 2026-05-01T02:00:00Z");
            return null;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            r.Error(key, $"must be an ISO 8601 instant such as 2026-05-01T02:00:00Z (got '{text}')");
            return null;
        }

        return instant;
    }

    private static void Unique(HashSet<string> names, string name, string path, string what, FieldErrorList errors)
    {
        if (name.Length > 0 && !names.Add(name))
        {
            errors.Add(path + ".name", $"another {what} is already named '{name}': apply finds resources by name, so names must be unique");
        }
    }
}
