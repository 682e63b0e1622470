namespace Vitals.Cli.Tests.Support;

/// <summary>Fleet files for the CLI tests: one load balancer, an HTTP listener and pool checked every second, rise/fall 1.</summary>
public static class FleetYaml
{
    public static string Web(int okPort, int downPort, int okWeight = 1, bool withDown = true, string listenerName = "web") => $$"""
        instances:
          - name: vm-1
            address: 127.0.0.1
        loadbalancers:
          - name: edge
            description: front door
            listeners:
              - name: {{listenerName}}
                protocol: HTTP
                protocol_port: 80
                pool:
                  name: web
                  protocol: HTTP
                  health_monitor:
                    type: HTTP
                    delay: 1
                    timeout: 1
                    max_retries: 1
                    max_retries_down: 1
                    url_path: /health
                    expected_codes: 200-299
                  members:
                    - name: web-ok
                      address: 127.0.0.1
                      protocol_port: {{okPort}}
                      weight: {{okWeight}}
                      instance: vm-1
        {{(withDown ? $"""
                    - name: web-down
                      address: 127.0.0.1
                      protocol_port: {downPort}
        """ : "")}}
        """;
}
