using Vitals.Server.Tests.Api;

namespace Vitals.Server.Tests.Fuzz;

/// <summary>
/// The fleet a fuzz run mutates requests against, made through the native API, and a valid body template per kind.
/// Nothing in it is ever probed: the monitored pool has no members, and the members' pool has no monitor (and the
/// members are at 192.0.2.10, TEST-NET-1, with admin state down).
/// </summary>
internal static class FuzzFleet
{
    public const string MemberAddress = "192.0.2.10";

    /// <returns>Ids by kind (<c>loadbalancers</c>, <c>listeners</c>, <c>pools</c>, <c>healthmonitors</c>, <c>members</c>,
    /// <c>instances</c>, <c>haproxy-bindings</c>, <c>webhooks</c>, <c>alertmanagers</c>) plus <c>spare_pool</c>, a pool with neither monitor nor members.</returns>
    public static async Task<Dictionary<string, string>> CreateAsync(HttpClient client)
    {
        var lb = (await client.CreateAsync("/api/v1/loadbalancers", new { name = "fuzz-lb", region = "cn-hangzhou" })).Id;
        var listener = (await client.CreateAsync("/api/v1/listeners", new { loadbalancer_id = lb, protocol = "TCP", protocol_port = 8080 })).Id;
        var monitored = (await client.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb, listener_id = listener, protocol = "TCP" })).Id;
        var monitor = (await client.CreateAsync("/api/v1/healthmonitors", new
        {
            pool_id = monitored, type = "TCP", delay = 5, timeout = 3, max_retries = 3, max_retries_down = 3,
        })).Id;
        var pool = (await client.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb, protocol = "TCP" })).Id;
        var spare = (await client.CreateAsync("/api/v1/pools", new { loadbalancer_id = lb, protocol = "HTTP" })).Id;
        var member = (await client.CreateAsync("/api/v1/members", new
        {
            pool_id = pool, address = MemberAddress, protocol_port = 80, admin_state_up = false,
        })).Id;
        var instance = (await client.CreateAsync("/api/v1/instances", new { name = "fuzz-vm", region = "cn-hangzhou", address = "192.0.2.20" })).Id;
        // A socket no one listens at: nothing in the fuzz ever connects to it.
        var binding = (await client.CreateAsync("/api/v1/haproxy-bindings", new
        {
            loadbalancer_id = lb, runtime_api = "/run/haproxy/fuzz.sock", backends = new Dictionary<string, string> { [pool] = "be_fuzz" },
        })).Id;
        // Switched off, at a TEST-NET address: no event is ever queued for them.
        var webhook = (await client.CreateAsync("/api/v1/webhooks", new { name = "fuzz-hook", url = "http://192.0.2.30/hook", admin_state_up = false })).Id;
        var alertmanager = (await client.CreateAsync("/api/v1/alertmanagers", new { name = "fuzz-am", url = "http://192.0.2.31:9093", admin_state_up = false })).Id;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["webhooks"] = webhook,
            ["alertmanagers"] = alertmanager,
            ["haproxy-bindings"] = binding,
            ["loadbalancers"] = lb,
            ["listeners"] = listener,
            ["pools"] = pool,
            ["healthmonitors"] = monitor,
            ["members"] = member,
            ["instances"] = instance,
            ["spare_pool"] = spare,
            ["monitored_pool"] = monitored,
        };
    }

    /// <summary>A valid create body for <paramref name="kind"/> (before mutation).</summary>
    public static FuzzJson Template(string kind, IReadOnlyDictionary<string, string> ids) => kind switch
    {
        "loadbalancers" => new FuzzJson().Str("name", "lb-x").Str("region", "cn-hangzhou").Str("description", "d"),
        "listeners" => new FuzzJson().Str("loadbalancer_id", ids["loadbalancers"]).Str("protocol", "TCP").Num("protocol_port", 9090).Str("name", "l"),
        "pools" => new FuzzJson().Str("loadbalancer_id", ids["loadbalancers"]).Str("protocol", "HTTP").Str("name", "p"),
        "healthmonitors" => new FuzzJson().Str("pool_id", ids["spare_pool"]).Str("type", "HTTP").Num("delay", 5).Num("timeout", 3)
            .Num("max_retries", 3).Num("max_retries_down", 3).Str("url_path", "/health").Str("expected_codes", "200"),
        "members" => new FuzzJson().Str("pool_id", ids["pools"]).Str("address", MemberAddress).Num("protocol_port", 81).Num("weight", 1)
            .Str("name", "m").Add("admin_state_up", "false"),
        "haproxy-bindings" => new FuzzJson().Str("loadbalancer_id", ids["loadbalancers"]).Str("runtime_api", "/run/haproxy/fuzz2.sock")
            .Add("backends", $"{{\"{ids["pools"]}\": \"be_x\"}}").Add("manage_servers", "true").Str("name", "h"),
        "webhooks" => new FuzzJson().Str("url", "http://192.0.2.32/hook").Add("events", "[\"member.transition\"]").Add("states", "[\"Unhealthy\"]")
            .Add("admin_state_up", "false").Str("name", "w"),
        "alertmanagers" => new FuzzJson().Str("url", "http://192.0.2.33:9093").Add("admin_state_up", "false").Str("name", "a"),
        _ => new FuzzJson().Str("name", "vm").Str("region", "cn-hangzhou").Str("address", "192.0.2.21").Add("maintenance_windows", "[]"),
    };

    /// <summary>A valid update body for <paramref name="kind"/> (before mutation).</summary>
    public static FuzzJson UpdateTemplate(string kind) => kind switch
    {
        "healthmonitors" => new FuzzJson().Num("delay", 6).Num("timeout", 2),
        "members" => new FuzzJson().Num("weight", 2).Str("name", "m2"),
        "loadbalancers" => new FuzzJson().Str("name", "lb-y").Str("description", "d2"),
        "haproxy-bindings" => new FuzzJson().Str("runtime_api", "10.0.0.9:9999").Add("admin_state_up", "false"),
        "webhooks" => new FuzzJson().Add("events", "[]").Str("description", "d2"),
        "alertmanagers" => new FuzzJson().Str("url", "http://192.0.2.34:9093/prefix"),
        _ => new FuzzJson().Str("name", "renamed"),
    };
}
