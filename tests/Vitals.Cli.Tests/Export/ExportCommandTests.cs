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

        var config = Path.Combine(Path.GetTempPath(), $"vitals-haproxy-{Guid.NewGuid():N}.cfg");
        await File.WriteAllTextAsync(config, "defaults\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\n"
            + "frontend web\n    mode http\n    bind 127.0.0.1:8080\n    default_backend edge_web\n" + text,
            TestContext.Current.CancellationToken);
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
            Assert.True(haproxy.ExitCode == 0, output + "\n" + text);
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
