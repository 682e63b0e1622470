using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Vitals.Cli.Apply;
using Vitals.Core.Monitoring;
using Vitals.Core.Traffic;

namespace Vitals.Cli.Export;

/// <summary>
/// Writes a pool as an HAProxy <c>backend</c> section that checks its members the way the pool's monitor does:
/// <c>option httpchk</c> + <c>http-check send/expect</c> for HTTP(S), <c>check-ssl</c> for HTTPS and TLS,
/// <c>default-server inter {delay}s fall {max_retries_down} rise {max_retries}</c>, <c>timeout check {timeout}s</c>,
/// and one <c>server</c> line per member with <c>port</c> (monitor_port), <c>weight</c> and <c>disabled</c>.
/// </summary>
internal static class HaproxyBackendWriter
{
    /// <param name="lbName">The load balancer's name (the backend is named after it and the pool).</param>
    /// <param name="pool">The pool.</param>
    /// <param name="monitor">The pool's health monitor, or null.</param>
    /// <param name="members">The pool's members, one server each.</param>
    /// <param name="agent">With <c>--agent</c>: every server also asks Vitals' agent check, with <c>weight 100</c> (the agent
    /// sends the member's weight as a percentage) and without <c>disabled</c> on servers or the backend (the agent says
    /// <c>maint</c>, and can take it back, which it could not for a server or backend disabled in the configuration).</param>
    public static string Write(string lbName, JsonObject pool, JsonObject? monitor, IReadOnlyList<JsonObject> members, HaproxyAgent? agent = null)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(members);
        var sb = new StringBuilder();
        var poolName = PoolName(pool);
        sb.Append(CultureInfo.InvariantCulture, $"# pool {Comment(poolName)} ({CurrentFleet.Id(pool)}) of load balancer {Comment(lbName)}\n");
        sb.Append("backend ").Append(BackendName(lbName, pool)).Append('\n');
        sb.Append("    mode ").Append(Mode(pool)).Append('\n');
        sb.Append("    balance ").Append(CurrentFleet.Text(pool, "lb_algorithm") switch
        {
            "LEAST_CONNECTIONS" => "leastconn",
            "SOURCE_IP" => "source",
            _ => "roundrobin",
        }).Append('\n');
        if (pool["admin_state_up"]?.GetValue<bool>() == false)
        {
            // With the agent, each server of a switched-off pool hears maint, and ready again when it is switched on: a
            // backend disabled in the configuration would stay stopped until a reload.
            sb.Append(agent is null ? "    disabled\n" : "    # the pool is switched off: Vitals' agent check keeps every server in maintenance\n");
        }

        var check = monitor is not null && monitor["admin_state_up"]?.GetValue<bool>() != false;
        var serverCheck = "";
        if (monitor is null)
        {
            sb.Append("    # no health monitor: members are not checked\n");
        }
        else if (!check)
        {
            sb.Append("    # the health monitor is switched off: members are not checked\n");
        }
        else
        {
            serverCheck = WriteCheck(sb, monitor);
        }

        if (agent is not null)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"    # Vitals' agent check at {agent.Address}:{agent.Port} sets each server up, down, drain or maint and its weight (% of 100)\n");
        }

        int? agentInter = monitor?["delay"] is { } delayNode && int.TryParse(delayNode.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null;
        foreach (var member in members)
        {
            var name = CurrentFleet.Text(member, "name") is { Length: > 0 } memberName ? memberName : CurrentFleet.Id(member);
            var address = CurrentFleet.Text(member, "address")!;
            var endpoint = address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address;
            sb.Append(CultureInfo.InvariantCulture, $"    server {Name(name)} {endpoint}:{member["protocol_port"]}");
            if (check && serverCheck is not null)
            {
                sb.Append(" check").Append(serverCheck);
                if (monitor!["monitor_port"] is { } port)
                {
                    sb.Append(" port ").Append(port.ToJsonString());
                }
            }

            if (agent is not null)
            {
                agent.AppendServerWords(sb, CurrentFleet.Id(member), agentInter);
                sb.Append('\n');
                continue;
            }

            sb.Append(" weight ").Append(member["weight"]?.ToJsonString() ?? "1");
            if (member["admin_state_up"]?.GetValue<bool>() == false)
            {
                sb.Append(" disabled");
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The backend section's name for a pool: <c>{load balancer}_{pool}</c>, made a valid HAProxy name.</summary>
    /// <summary>The pool's backend: the one naming rule the runtime API sync uses too (<see cref="HaproxyNames.Backend"/>).</summary>
    public static string BackendName(string lbName, JsonObject pool) => HaproxyNames.Backend(lbName, PoolName(pool));

    /// <summary>The proxy mode a pool's traffic needs: <c>http</c> for HTTP and HTTPS pools, <c>tcp</c> otherwise.</summary>
    public static string Mode(JsonObject pool) => CurrentFleet.Text(pool, "protocol") is "HTTP" or "HTTPS" ? "http" : "tcp";

    private static string PoolName(JsonObject pool) => CurrentFleet.Text(pool, "name") is { Length: > 0 } n ? n : CurrentFleet.Id(pool);

    /// <summary>Writes the check lines; returns what each server's <c>check</c> needs after it, or null for no check.</summary>
    private static string? WriteCheck(StringBuilder sb, JsonObject monitor)
    {
        var type = monitor["type"]!.ToString();
        var delay = monitor["delay"]!.ToJsonString();
        var timeout = monitor["timeout"]!.ToJsonString();
        switch (type)
        {
            case "HTTP" or "HTTPS":
                var host = monitor["domain_name"]?.ToString();
                sb.Append("    option httpchk\n");
                sb.Append(CultureInfo.InvariantCulture, $"    http-check send meth {monitor["http_method"]} uri {monitor["url_path"]}");
                // HTTP/1.1 needs a Host header; without a domain the check sends HTTP/1.0 (the member address is per server).
                sb.Append(host is null ? " ver HTTP/1.0" : $" ver HTTP/1.1 hdr Host {host}").Append('\n');
                sb.Append("    http-check expect ").Append(Expect(monitor["expected_codes"]!.ToString())).Append('\n');
                break;
            case "TCP" or "TLS":
                break;
            case "GRPC":
                sb.Append("    # GRPC: HAProxy has no gRPC health check; a TCP connect check stands in for it\n");
                break;
            default:
                sb.Append(CultureInfo.InvariantCulture, $"    # {type}: HAProxy cannot check UDP; members are not checked\n");
                return null;
        }

        sb.Append(CultureInfo.InvariantCulture,
            $"    default-server inter {delay}s fall {monitor["max_retries_down"]} rise {monitor["max_retries"]}\n");
        sb.Append(CultureInfo.InvariantCulture, $"    timeout check {timeout}s\n");
        if (type is "HTTPS" or "TLS")
        {
            // The checker does not verify certificates either: it tests that the backend speaks TLS.
            return (monitor["domain_name"]?.ToString() is { } sni ? $" check-ssl verify none check-sni {sni}" : " check-ssl verify none");
        }

        return "";
    }

    /// <summary><c>status 200</c> for one code; otherwise <c>rstatus</c> with a regex matching exactly the expected codes.</summary>
    public static string Expect(string expectedCodes)
    {
        if (!ExpectedCodes.TryParse(expectedCodes, 100, 599, out var codes, out _))
        {
            return "status 200";
        }

        var parts = new List<string>();
        for (var hundred = 1; hundred <= 5; hundred++)
        {
            if (All(codes, hundred * 100, 100))
            {
                parts.Add($"{hundred}[0-9][0-9]");
                continue;
            }

            for (var decade = 0; decade < 10; decade++)
            {
                var start = (hundred * 100) + (decade * 10);
                if (All(codes, start, 10))
                {
                    parts.Add(string.Create(CultureInfo.InvariantCulture, $"{start / 10}[0-9]"));
                    continue;
                }

                for (var code = start; code < start + 10; code++)
                {
                    if (codes.Contains(code))
                    {
                        parts.Add(code.ToString(CultureInfo.InvariantCulture));
                    }
                }
            }
        }

        return parts.Count == 1 && !parts[0].Contains('[', StringComparison.Ordinal)
            ? "status " + parts[0]
            : $"rstatus ^({string.Join('|', parts)})$";
    }

    private static bool All(ExpectedCodes codes, int start, int count)
    {
        for (var code = start; code < start + count; code++)
        {
            if (!codes.Contains(code))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>HAProxy names allow letters, digits, '-', '_', '.' and ':'; anything else becomes '_' (<see cref="HaproxyNames.Identifier"/>).</summary>
    public static string Name(string text) => HaproxyNames.Identifier(text);

    public static string Comment(string text) => text.Replace('\n', ' ').Replace('\r', ' ');
}
