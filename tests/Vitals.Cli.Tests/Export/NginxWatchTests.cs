using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Export;

public sealed class NginxWatchTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Watch_KeepsTheFileCurrent_RewritesOnlyOnChange_ReportsMissingAndStalePidFiles_StopsCleanly()
    {
        await using var server = await CliTestServer.StartAsync();
        await using var backend = new NamedHttpBackend("ok");
        var yaml = FleetYaml.Web(backend.Port, LoopbackPorts.Closed());
        Assert.Equal(0, (await server.ApplyAsync(yaml)).ExitCode);
        using var settled = await server.WaitForStatusAsync(s => CliTestServer.StateOf(s, "web-down") == "Unhealthy" && CliTestServer.StateOf(s, "web-ok") == "Healthy");
        var dir = Directory.CreateTempSubdirectory("vitals-nginx-watch-").FullName;
        try
        {
            var file = Path.Combine(dir, "upstreams.conf");
            var pidFile = Path.Combine(dir, "nginx.pid");
            await using var watch = new BackgroundCli("export", "nginx", "web", "--watch", file, "--reload-pidfile", pidFile, "--interval", "0.2",
                "--server", server.Url, "--token", server.Token);

            // No pid file yet: the file is written all the same, the reload is reported and tried again.
            await watch.WaitForStderrAsync(e => e.Contains($"cannot read the pid file {pidFile}", StringComparison.Ordinal), Patience, "missing pid file error");
            var first = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
            Assert.Contains("upstream edge_web {", first, StringComparison.Ordinal);
            Assert.Matches(@"server 127\.0\.0\.1:\d+ weight=1 max_fails=0 down;", first);

            // A pid that is not nginx's (this test's own process) is never signalled.
            await File.WriteAllTextAsync(pidFile, Environment.ProcessId + "\n", TestContext.Current.CancellationToken);
            await watch.WaitForStderrAsync(e => e.Contains("not nginx (stale pid file): not signalled", StringComparison.Ordinal), Patience, "stale pid file error");
            File.Delete(pidFile);

            // Nothing changes: the file is not rewritten (same bytes, same write time) over ten polls.
            var written = File.GetLastWriteTimeUtc(file);
            await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
            Assert.Equal(written, File.GetLastWriteTimeUtc(file));
            Assert.Equal(first, await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));

            // A member switched off: out of rotation in the file within a poll or two.
            var off = yaml.Replace($"protocol_port: {backend.Port}\n", $"protocol_port: {backend.Port}\n              admin_state_up: false\n", StringComparison.Ordinal);
            Assert.Equal(0, (await server.ApplyAsync(off)).ExitCode);
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken)).Contains($"127.0.0.1:{backend.Port} weight=1 max_fails=0 down;", StringComparison.Ordinal))
            {
                Assert.True(waited.Elapsed < Patience, "the switched-off member never went down in the file");
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            var rewritten = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
            Assert.Contains("0 of 2 members in rotation", rewritten, StringComparison.Ordinal);
            await NginxProcess.AssertAcceptsAsync(("nginx.conf", NginxProcess.Config("upstreams.conf", null)), ("upstreams.conf", first));
            await NginxProcess.AssertAcceptsAsync(("nginx.conf", NginxProcess.Config("upstreams.conf", null)), ("upstreams.conf", rewritten));
            Assert.Equal(["upstreams.conf"], Directory.GetFiles(dir).Select(Path.GetFileName)); // no temporary file left behind

            Assert.Equal(0, await watch.StopAsync());
            Assert.Contains($"stopped; {file} is left as it is", watch.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Watch_ServerGone_KeepsTheLastFileAndRetries()
    {
        var server = await CliTestServer.StartAsync();
        var serverStopped = false;
        var dir = Directory.CreateTempSubdirectory("vitals-nginx-watch-").FullName;
        try
        {
            await using var backend = new NamedHttpBackend("ok");
            Assert.Equal(0, (await server.ApplyAsync(FleetYaml.Web(backend.Port, 0, withDown: false))).ExitCode);
            var file = Path.Combine(dir, "upstreams.conf");
            await using var watch = new BackgroundCli("export", "nginx", "--watch", file, "--interval", "0.2", "--server", server.Url, "--token", server.Token);
            await watch.WaitForStdoutAsync(o => o.Contains($"wrote {file}: 1 upstream(s), 1 of 1 members in rotation", StringComparison.Ordinal), Patience, "first write");
            var before = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);

            await server.DisposeAsync();
            serverStopped = true;

            await watch.WaitForStderrAsync(e => e.Contains("stays as it is, next try in", StringComparison.Ordinal), Patience, "unreachable server error");
            Assert.Equal(before, await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
            Assert.Equal(0, await watch.StopAsync());
        }
        finally
        {
            if (!serverStopped)
            {
                await server.DisposeAsync();
            }

            Directory.Delete(dir, recursive: true);
        }
    }
}
