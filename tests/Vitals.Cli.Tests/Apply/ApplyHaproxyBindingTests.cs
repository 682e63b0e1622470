using System.Text.Json;
using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Apply;

/// <summary>
/// <c>haproxy:</c> under a load balancer and a pool's <c>min_healthy_percent</c> in the fleet file, applied to a real server:
/// created, diffed by pool name, updated, pruned; bad files refused before any write, with their paths.
/// </summary>
public sealed class ApplyHaproxyBindingTests
{
    private static string Fleet(string backend = "be_web", bool manage = false, int? minHealthy = 50, bool withBinding = true) => $$"""
        loadbalancers:
          - name: edge
            listeners:
              - name: web
                protocol: HTTP
                protocol_port: 80
                pool:
                  name: web
                  protocol: HTTP
        {{(minHealthy is { } m ? $"          min_healthy_percent: {m}\n" : "")}}
            pools:
              - name: api
                protocol: TCP
        {{(withBinding ? $$"""
            haproxy:
              - name: box-1
                runtime_api: unix:/run/haproxy/admin.sock
                backends:
                  web: {{backend}}
                manage_servers: {{(manage ? "true" : "false")}}
              - name: box-2
                runtime_api: 10.0.0.7:9999
                description: the second box
                # switched off: the sync must not reach for an address off this machine
                admin_state_up: false
        """ : "")}}
        """;

    [Fact]
    public async Task Apply_Bindings_CreatedByPoolName_ThenUpdated_ThenPruned()
    {
        await using var server = await CliTestServer.StartAsync();

        var first = await server.ApplyAsync(Fleet());
        var again = await server.ApplyAsync(Fleet());
        var pools = JsonDocument.Parse((await server.RunAsync("get", "pools", "-o", "json")).Stdout).RootElement;
        var web = pools.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "web");
        var created = JsonDocument.Parse((await server.RunAsync("get", "haproxy-binding", "box-1", "-o", "json")).Stdout).RootElement;
        var changed = await server.ApplyAsync(Fleet(backend: "be_new", manage: true, minHealthy: 75));
        var afterChange = JsonDocument.Parse((await server.RunAsync("get", "hab", "box-1", "-o", "json")).Stdout).RootElement;
        var table = await server.RunAsync("get", "haproxy-bindings");
        var pruned = await server.ApplyAsync(Fleet(backend: "be_new", manage: true, minHealthy: null, withBinding: false), "--prune");
        var left = JsonDocument.Parse((await server.RunAsync("get", "haproxy-bindings", "-o", "json")).Stdout).RootElement;

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("+ create haproxy-binding edge/box-1 (unix:/run/haproxy/admin.sock)", first.Stdout);
        Assert.Contains("+ create haproxy-binding edge/box-2 (10.0.0.7:9999)", first.Stdout);
        Assert.Contains("Plan: 6 to create, 0 to update, 0 to delete.", first.Stdout);
        Assert.Contains("No changes", again.Stdout);
        Assert.Equal(50, web.GetProperty("min_healthy_percent").GetInt32());
        Assert.Equal("be_web", created.GetProperty("backends").GetProperty(web.GetProperty("id").GetString()!).GetString());
        Assert.True(changed.ExitCode == 0, changed.Stderr);
        Assert.Contains("~ update pool edge/web\n    min_healthy_percent: 50 -> 75\n", changed.Stdout);
        Assert.Contains("~ update haproxy-binding edge/box-1\n", changed.Stdout);
        Assert.Contains("manage_servers: false -> true", changed.Stdout);
        Assert.Contains("backends: {\"web\":\"be_web\"} -> {\"web\":\"be_new\"}", changed.Stdout);
        Assert.Contains("Plan: 0 to create, 2 to update, 0 to delete.", changed.Stdout);
        Assert.Equal("be_new", afterChange.GetProperty("backends").GetProperty(web.GetProperty("id").GetString()!).GetString());
        Assert.True(afterChange.GetProperty("manage_servers").GetBoolean());
        Assert.Matches(@"(?m)^ID\s+NAME\s+LOADBALANCER\s+RUNTIME_API\s+BACKENDS\s+MANAGE_SERVERS\s+ADMIN\s+SYNC$", table.Stdout);
        Assert.Matches(@"(?m)^hab-[0-9a-f]{20}\s+box-1\s+lb-[0-9a-f]{20}\s+unix:/run/haproxy/admin\.sock\s+sgp-[0-9a-f]{20}=be_new\s+true\s+up\s+(pending|error)\s*$", table.Stdout);
        Assert.True(pruned.ExitCode == 0, pruned.Stderr);
        Assert.Contains("- delete haproxy-binding box-1 (unix:/run/haproxy/admin.sock)", pruned.Stdout);
        Assert.Contains("min_healthy_percent: 75 -> (none)", pruned.Stdout);
        Assert.Equal(0, left.GetArrayLength());
    }

    [Fact]
    public async Task Apply_BadBindings_AreRefusedBeforeAnyWrite_WithTheirPaths()
    {
        await using var server = await CliTestServer.StartAsync();
        var bad = Fleet(minHealthy: 0)
            .Replace("web: be_web", "web: be web\n          nowhere: be_x", StringComparison.Ordinal)
            .Replace("runtime_api: 10.0.0.7:9999", "runtime_api: haproxy.sock", StringComparison.Ordinal)
            .Replace("name: box-2", "name: box-1", StringComparison.Ordinal);

        var run = await server.ApplyAsync(bad);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nothing was changed", run.Stderr);
        Assert.Contains("loadbalancers[0].listeners[0].pool.min_healthy_percent: must be an integer from 1 to 100 (got 0)", run.Stderr);
        Assert.Contains("loadbalancers[0].haproxy[0].backends.web: must be an HAProxy backend name", run.Stderr);
        Assert.Contains("loadbalancers[0].haproxy[0].backends.nowhere: no pool named 'nowhere' is declared under this load balancer", run.Stderr);
        Assert.Contains("loadbalancers[0].haproxy[1].runtime_api: must be an absolute unix socket path", run.Stderr);
        Assert.Contains("loadbalancers[0].haproxy[1].name: another HAProxy binding of this load balancer is already named 'box-1'", run.Stderr);
        Assert.Equal("[]", (await server.RunAsync("get", "loadbalancers", "-o", "json")).Stdout.Trim());
    }

    [Fact]
    public async Task Apply_SocketOutsideTheServersAllowedDirectories_IsTheServers400()
    {
        await using var server = await CliTestServer.StartAsync();
        var docker = Fleet().Replace("unix:/run/haproxy/admin.sock", "/var/run/docker.sock", StringComparison.Ordinal);

        var run = await server.ApplyAsync(docker);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("apply stopped at create haproxy-binding edge/box-1", run.Stderr);
        Assert.Contains("--allow-sockets", run.Stderr);
        Assert.Equal("[]", (await server.RunAsync("get", "haproxy-bindings", "-o", "json")).Stdout.Trim());
    }
}
