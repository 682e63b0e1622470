using System.Diagnostics;
using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Export;

public sealed class ExportCommandTests
{
    [Fact]
    public async Task ExportHaproxy_Pool_WritesABackendWithTheSameCheck_ThatHaproxyAccepts()
    {
        await using var server = await CliTestServer.StartAsync();
        var yaml = FleetYaml.Web(8081, 8082)
            .Replace("url_path: /health", "url_path: /health\n            domain_name: app.example.com\n            monitor_port: 9000", StringComparison.Ordinal)
            .Replace("protocol_port: 8082", "protocol_port: 8082\n              admin_state_up: false", StringComparison.Ordinal);
        var applied = await server.ApplyAsync(yaml);
        Assert.True(applied.ExitCode == 0, applied.Stderr);

        var run = await server.RunAsync("export", "haproxy", "web");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var text = run.Stdout;
        Assert.Contains("backend edge_web\n    mode http\n    balance roundrobin\n", text);
        Assert.Contains("    option httpchk\n", text);
        Assert.Contains("    http-check send meth GET uri /health ver HTTP/1.1 hdr Host app.example.com\n", text);
        Assert.Contains("    http-check expect rstatus ^(2[0-9][0-9])$\n", text);
        Assert.Contains("    default-server inter 1s fall 1 rise 1\n", text);
        Assert.Contains("    timeout check 1s\n", text);
        Assert.Contains("    server web-ok 127.0.0.1:8081 check port 9000 weight 1\n", text);
        Assert.Contains("    server web-down 127.0.0.1:8082 check port 9000 weight 1 disabled\n", text);

        if (!File.Exists("/usr/sbin/haproxy"))
        {
            Assert.Skip("haproxy is not installed (eng/install-test-deps.sh installs it)");
        }

        await AssertHaproxyAcceptsAsync("defaults\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\n"
            + "frontend web\n    mode http\n    bind 127.0.0.1:8080\n    default_backend edge_web\n" + text);
    }

    [Fact]
    public async Task ExportHaproxyStandalone_IsAWholeConfiguration_ThatHaproxyAcceptsAlone()
    {
        await using var server = await CliTestServer.StartAsync();
        var applied = await server.ApplyAsync(FleetYaml.Web(8081, 8082));
        Assert.True(applied.ExitCode == 0, applied.Stderr);

        var run = await server.RunAsync("export", "haproxy", "--standalone", "--bind", "127.0.0.2", "--stats-socket", "/tmp/vitals-test-admin.sock");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var text = run.Stdout;
        Assert.Contains("global\n    stats socket /tmp/vitals-test-admin.sock mode 600 level admin\n", text);
        Assert.Contains("defaults\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n", text);
        Assert.Contains("frontend edge_web_80\n    mode http\n    bind 127.0.0.2:80\n    default_backend edge_web\n", text);
        Assert.Contains("backend edge_web\n    mode http\n", text);
        Assert.True(text.IndexOf("frontend edge_web_80", StringComparison.Ordinal) < text.IndexOf("backend edge_web", StringComparison.Ordinal));
        await AssertHaproxyAcceptsAsync(text);

        // Without --standalone: backends only, as before.
        var backends = await server.RunAsync("export", "haproxy");
        Assert.DoesNotContain("global", backends.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("frontend", backends.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportHaproxyStandalone_BindNotAnAddress_IsAUsageError()
    {
        await using var server = await CliTestServer.StartAsync();

        var run = await server.RunAsync("export", "haproxy", "--standalone", "--bind", "example.com");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--bind 'example.com' is not an IP address", run.Stderr);
    }

    /// <summary>Runs <c>haproxy -c</c> on <paramref name="configuration"/>: exit 0 and no warning.</summary>
    private static async Task AssertHaproxyAcceptsAsync(string configuration)
    {
        if (!File.Exists("/usr/sbin/haproxy"))
        {
            Assert.Skip("haproxy is not installed (eng/install-test-deps.sh installs it)");
        }

        var config = Path.Combine(Path.GetTempPath(), $"vitals-haproxy-{Guid.NewGuid():N}.cfg");
        await File.WriteAllTextAsync(config, configuration, TestContext.Current.CancellationToken);
        try
        {
            using var haproxy = Process.Start(new ProcessStartInfo("/usr/sbin/haproxy", ["-c", "-f", config])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var stderr = haproxy.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stdout = haproxy.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await haproxy.WaitForExitAsync(TestContext.Current.CancellationToken);
            var output = await stdout + await stderr;
            Assert.True(haproxy.ExitCode == 0, output + "\n" + configuration);
            Assert.DoesNotContain("WARNING", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Theory]
    [InlineData("200", "status 200")]
    [InlineData("200,202", "rstatus ^(200|202)$")]
    [InlineData("200-299", "rstatus ^(2[0-9][0-9])$")]
    [InlineData("200-205,301", "rstatus ^(200|201|202|203|204|205|301)$")]
    [InlineData("200-399", "rstatus ^(2[0-9][0-9]|3[0-9][0-9])$")]
    [InlineData("290-310", "rstatus ^(29[0-9]|30[0-9]|310)$")]
    public void Expect_Codes_MatchExactlyThoseCodes(string codes, string expected)
    {
        Assert.Equal(expected, Cli.Export.HaproxyBackendWriter.Expect(codes));
    }

    [Fact]
    public async Task ExportHaproxy_UnknownPool_Exits1()
    {
        await using var server = await CliTestServer.StartAsync();

        var run = await server.RunAsync("export", "haproxy", "nope");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no pool has the id or name 'nope'", run.Stderr);
    }
}
