using System.Text.Json.Nodes;

namespace Vitals.Cli.Get;

/// <summary>The kinds <c>vitals get</c> accepts, with their singular and short names.</summary>
internal static class ResourceKinds
{
    public static readonly ResourceKind[] All =
    [
        new("loadbalancers", "lb", ["loadbalancer", "lb", "lbs"],
        [
            ("ID", r => T(r, "id")), ("NAME", r => T(r, "name")), ("REGION", r => T(r, "region")), ("DESCRIPTION", r => T(r, "description")),
        ]),
        new("listeners", "lsn", ["listener", "lsn"],
        [
            ("ID", r => T(r, "id")), ("NAME", r => T(r, "name")), ("LOADBALANCER", r => T(r, "loadbalancer_id")),
            ("PROTOCOL", r => T(r, "protocol")), ("PORT", r => T(r, "protocol_port")), ("DEFAULT_POOL", r => T(r, "default_pool_id")),
            ("ADMIN", r => T(r, "admin_state_up")),
        ]),
        new("pools", "sgp", ["pool", "servergroup", "servergroups", "sgp"],
        [
            ("ID", r => T(r, "id")), ("NAME", r => T(r, "name")), ("LOADBALANCER", r => T(r, "loadbalancer_id")),
            ("PROTOCOL", r => T(r, "protocol")), ("ALGORITHM", r => T(r, "lb_algorithm")), ("LISTENER", r => T(r, "listener_id")),
            ("MONITOR", r => T(r, "healthmonitor_id")), ("ADMIN", r => T(r, "admin_state_up")), ("MIN_HEALTHY%", r => T(r, "min_healthy_percent")),
        ]),
        new("members", "mbr", ["member", "mbr"],
        [
            ("ID", r => T(r, "id")), ("NAME", r => T(r, "name")), ("POOL", r => T(r, "pool_id")), ("ADDRESS", r => T(r, "address")),
            ("PORT", r => T(r, "protocol_port")), ("WEIGHT", r => T(r, "weight")), ("ADMIN", r => T(r, "admin_state_up")),
            ("INSTANCE", r => T(r, "instance_id")),
        ]),
        new("healthmonitors", "hm", ["healthmonitor", "monitor", "monitors", "hm"],
        [
            ("ID", r => T(r, "id")), ("NAME", r => T(r, "name")), ("POOL", r => T(r, "pool_id")), ("TYPE", r => T(r, "type")),
            ("DELAY", r => T(r, "delay")), ("TIMEOUT", r => T(r, "timeout")), ("RISE", r => T(r, "max_retries")),
            ("FALL", r => T(r, "max_retries_down")), ("CHECK", Check), ("PORT", r => T(r, "monitor_port")), ("ADMIN", r => T(r, "admin_state_up")),
        ]),
        new("instances", "i", ["instance", "i"],
        [
            ("ID", r => T(r, "id")), ("NAME", r => T(r, "name")), ("REGION", r => T(r, "region")), ("ADDRESS", r => T(r, "address")),
            ("NODE_EXPORTER", r => T(r, "node_exporter_url")),
        ]),
        new("haproxy-bindings", "hab", ["haproxy-binding", "haproxy", "hab"],
        [
            ("ID", r => T(r, "id")), ("NAME", r => T(r, "name")), ("LOADBALANCER", r => T(r, "loadbalancer_id")),
            ("RUNTIME_API", r => T(r, "runtime_api")), ("BACKENDS", Backends), ("MANAGE_SERVERS", r => r["manage_servers"]?.ToString() ?? ""),
            ("ADMIN", r => T(r, "admin_state_up")), ("SYNC", r => r["sync"]?["state"]?.ToString() ?? ""),
        ]),
        new("webhooks", "whk", ["webhook", "whk"],
        [
            ("ID", r => T(r, "id")), ("NAME", r => T(r, "name")), ("URL", r => T(r, "url")), ("EVENTS", r => List(r, "events")),
            ("STATES", r => List(r, "states")), ("ADMIN", r => T(r, "admin_state_up")), ("SECRET", r => T(r, "secret_hint")),
            ("DELIVERY", Delivery),
        ]),
        new("alertmanagers", "am", ["alertmanager", "am"],
        [
            ("ID", r => T(r, "id")), ("NAME", r => T(r, "name")), ("URL", r => T(r, "url")), ("ADMIN", r => T(r, "admin_state_up")),
            ("DESCRIPTION", r => T(r, "description")),
        ]),
    ];

    public static string Names => "loadbalancers, listeners, pools, members, healthmonitors, instances, haproxy-bindings, webhooks, alertmanagers";

    public static ResourceKind? Find(string name)
    {
        foreach (var kind in All)
        {
            if (string.Equals(kind.Plural, name, StringComparison.OrdinalIgnoreCase)
                || kind.Aliases.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        return null;
    }

    private static string T(JsonObject r, string field) => ResourceKind.Text(r, field);

    /// <summary>A list of strings, comma separated; "all" when empty (a webhook's events and states: empty means every one).</summary>
    private static string List(JsonObject r, string field) =>
        r[field] is JsonArray { Count: > 0 } items ? string.Join(",", items.Select(static e => e?.ToString())) : "all";

    /// <summary>Where a webhook's outbox stands: ok, or pending/failing with how many deliveries wait.</summary>
    private static string Delivery(JsonObject r) => r["delivery"] is JsonObject d
        ? d["pending"]?.GetValue<int>() is > 0 and var pending ? $"{d["state"]} ({pending} waiting)" : d["state"]?.ToString() ?? ""
        : "";

    /// <summary>pool id=backend, comma separated.</summary>
    private static string Backends(JsonObject r) =>
        r["backends"] is JsonObject map ? string.Join(",", map.Select(static e => $"{e.Key}={e.Value}")) : "";

    private static string Check(JsonObject r) => T(r, "type") is "HTTP" or "HTTPS"
        ? $"{T(r, "http_method")} {T(r, "url_path")} {T(r, "expected_codes")}" + (r["domain_name"] is null ? "" : $" Host {T(r, "domain_name")}")
        : T(r, "type") == "GRPC" ? $"codes {T(r, "expected_codes")}" : "";
}
