using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Export;

public sealed class NginxExportCommandTests
{
    /// <summary>An HTTP listener and pool (web-ok, web-down, web-drain, web-off) and a TCP listener and pool (pg-1) on one load balancer.</summary>
    private static string Fleet(int okPort, int downPort, int httpPort = 80, int tcpPort = 5432) => $$"""
        loadbalancers:
          - name: edge
            listeners:
              - name: web
                protocol: HTTP
                protocol_port: {{httpPort}}
                pool:
                  name: web
                  protocol: HTTP
                  lb_algorithm: LEAST_CONNECTIONS
                  health_monitor: { type: HTTP, delay: 1, timeout: 1, max_retries: 1, max_retries_down: 1, url_path: /health }
                  members:
                    - { name: web-ok, address: 127.0.0.1, protocol_port: {{okPort}}, weight: 7 }
                    - { name: web-down, address: 127.0.0.1, protocol_port: {{downPort}} }
                    - { name: web-drain, address: 127.0.0.2, protocol_port: {{okPort}}, weight: 0 }
                    - { name: web-off, address: 127.0.0.3, protocol_port: {{okPort}}, admin_state_up: false }
              - name: db
                protocol: TCP
                protocol_port: {{tcpPort}}
                pool:
                  name: pg
                  protocol: TCP
                  health_monitor: { type: TCP, delay: 1, timeout: 1, max_retries: 1 }
                  members:
                    - { name: pg-1, address: 127.0.0.1, protocol_port: {{okPort}} }
        """;

    private static async Task<(CliTestServer Server, NamedHttpBackend Backend)> StartAsync()
    {
        var server = await CliTestServer.StartAsync();
        var backend = new NamedHttpBackend("ok");
        var applied = await server.ApplyAsync(Fleet(backend.Port, LoopbackPorts.Closed()));
        Assert.True(applied.ExitCode == 0, applied.Stderr);
        using var settled = await server.WaitForStatusAsync(s => CliTestServer.StateOf(s, "web-down") == "Unhealthy" && CliTestServer.StateOf(s, "web-ok") == "Healthy");
        return (server, backend);
    }

    [Fact]
    public async Task ExportNginx_HttpPool_MembersOutOfRotationAreDown_AndNginxAccepts()
    {
        var (server, backend) = await StartAsync();
        await using var _ = server;
        await using var __ = backend;

        var run = await server.RunAsync("export", "nginx", "web");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var text = run.Stdout;
        Assert.Contains("# upstreams for nginx's http { } context: include this file there\n", text, StringComparison.Ordinal);
        Assert.Contains("upstream edge_web {\n    least_conn;\n", text, StringComparison.Ordinal);
        Assert.Contains($"    # web-ok (", text, StringComparison.Ordinal);
        Assert.Contains($"    server 127.0.0.1:{backend.Port} weight=7 max_fails=0;\n", text, StringComparison.Ordinal);
        Assert.Matches(@"    # web-down \(mbr-[^)]+\): down, CONNECT_FAILED\n    server 127\.0\.0\.1:\d+ weight=1 max_fails=0 down;\n", text);
        Assert.Matches(@"    # web-drain \(mbr-[^)]+\): drain \(weight 0\)\n    server 127\.0\.0\.2:\d+ weight=1 max_fails=0 down;\n", text);
        Assert.Matches(@"    # web-off \(mbr-[^)]+\): maint \(member or pool switched off\)\n    server 127\.0\.0\.3:\d+ weight=1 max_fails=0 down;\n", text);
        Assert.Contains("1 of 4 members in rotation", text, StringComparison.Ordinal);
        Assert.DoesNotContain("upstream edge_pg", text, StringComparison.Ordinal);
        await NginxProcess.AssertAcceptsAsync(("nginx.conf", NginxProcess.Config("upstreams.conf", null)), ("upstreams.conf", text));

        // Same fleet, same verdicts: the same bytes (no timestamp), which is what --watch compares.
        var again = await server.RunAsync("export", "nginx", "web");
        Assert.Equal(text, again.Stdout);
    }

    [Fact]
    public async Task ExportNginx_ContextStream_WritesTheTcpPools_AndNginxAccepts()
    {
        var (server, backend) = await StartAsync();
        await using var _ = server;
        await using var __ = backend;

        var run = await server.RunAsync("export", "nginx", "--context", "stream");
        var named = await server.RunAsync("export", "nginx", "pg");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("# upstreams for nginx's stream { } context", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"upstream edge_pg {{\n    # pg-1 (", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("upstream edge_web", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(run.Stdout, named.Stdout);
        await NginxProcess.AssertAcceptsAsync(("nginx.conf", NginxProcess.Config(null, "upstreams.conf")), ("upstreams.conf", run.Stdout));
    }

    [Fact]
    public async Task ExportNginxStandalone_BothContextsAndAServerPerListener_NginxAcceptsAlone()
    {
        var (server, backend) = await StartAsync();
        await using var _ = server;
        await using var __ = backend;

        var run = await server.RunAsync("export", "nginx", "--standalone", "--bind", "127.0.0.2", "--load-module", NginxProcess.StreamModule);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var text = run.Stdout;
        Assert.Contains($"load_module {NginxProcess.StreamModule};\n", text, StringComparison.Ordinal);
        Assert.Contains("pid nginx.pid;\n", text, StringComparison.Ordinal);
        Assert.Contains("    proxy_temp_path proxy_temp;\n", text, StringComparison.Ordinal);
        Assert.Contains("    server {\n        listen 127.0.0.2:80;\n        location / {\n            proxy_pass http://edge_web;\n", text, StringComparison.Ordinal);
        Assert.Contains("\nstream {\n", text, StringComparison.Ordinal);
        Assert.Contains("    server {\n        listen 127.0.0.2:5432;\n        proxy_pass edge_pg;\n    }\n", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("upstream edge_pg", StringComparison.Ordinal) > text.IndexOf("\nstream {", StringComparison.Ordinal));
        await NginxProcess.AssertAcceptsAsync(("nginx.conf", text));
    }

    [Theory]
    [InlineData(new[] { "--standalone", "--context", "http" }, "--context does not go with --standalone")]
    [InlineData(new[] { "--reload-pidfile", "/tmp/nginx.pid" }, "--reload-pidfile goes with --watch FILE")]
    [InlineData(new[] { "--standalone", "--bind", "example.com" }, "--bind 'example.com' is not an IP address")]
    [InlineData(new[] { "--standalone", "--pid", "a b;" }, "--pid 'a b;' must be a path without spaces")]
    [InlineData(new[] { "--watch", "/tmp/x.conf", "--interval", "0" }, "--interval must be from 0.2 to 3600 seconds")]
    [InlineData(new[] { "--watch", "/nonexistent-dir/x.conf" }, "the directory /nonexistent-dir does not exist")]
    public async Task ExportNginx_BadUsage_Exits2BeforeAnyRequest(string[] args, string message)
    {
        // No server: a usage error must not need one.
        var run = await CliRun.InProcessAsync(["export", "nginx", .. args, "--server", "http://127.0.0.1:" + LoopbackPorts.Closed(), "--token", "t"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportNginx_PoolOfTheOtherContext_IsAUsageError_AndAnUnknownPoolExits1()
    {
        var (server, backend) = await StartAsync();
        await using var _ = server;
        await using var __ = backend;

        var wrong = await server.RunAsync("export", "nginx", "web", "--context", "stream");
        var missing = await server.RunAsync("export", "nginx", "nope");

        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("pool 'web' is an HTTP pool: its upstream belongs in http { } (--context http)", wrong.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no pool has the id or name 'nope'", missing.Stderr, StringComparison.Ordinal);
    }
}
