using System.Globalization;
using System.Text;

namespace Vitals.Cli.Tests.Traffic;

/// <summary>A fleet file for the agent tests: one load balancer, an HTTP listener, a pool of members web-1, web-2, ...</summary>
internal static class AgentFleetYaml
{
    /// <summary>One member of the pool: its port, weight and whether it is switched on.</summary>
    public readonly record struct Backend(int Port, int Weight = 100, bool On = true);

    /// <param name="listenerPort">The listener's port (the frontend HAProxy binds).</param>
    /// <param name="monitor">With the HTTP monitor (every second, rise 1, fall 1) or without any.</param>
    /// <param name="backends">The members, named web-1, web-2, ...</param>
    public static string Web(int listenerPort, bool monitor, params Backend[] backends)
    {
        var yaml = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $$"""
            loadbalancers:
              - name: edge
                listeners:
                  - name: web
                    protocol: HTTP
                    protocol_port: {{listenerPort}}
                    pool:
                      name: web
                      protocol: HTTP

            """));
        if (monitor)
        {
            yaml.Append("""
                          health_monitor:
                            type: HTTP
                            delay: 1
                            timeout: 1
                            max_retries: 1
                            max_retries_down: 1
                            url_path: /health
                            expected_codes: 200-299

                """);
        }

        yaml.Append("          members:\n");
        for (var i = 0; i < backends.Length; i++)
        {
            var b = backends[i];
            yaml.Append(CultureInfo.InvariantCulture,
                $"            - name: web-{i + 1}\n              address: 127.0.0.1\n              protocol_port: {b.Port}\n              weight: {b.Weight}\n              admin_state_up: {(b.On ? "true" : "false")}\n");
        }

        return yaml.ToString();
    }
}
