using System.Text.Json;
using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Watch;

public sealed class WatchCommandTests
{
    [Fact]
    public async Task Watch_MemberBecomesUnhealthy_PrintsTheTransition()
    {
        await using var server = await CliTestServer.StartAsync();
        await using var backend = LoopbackHttpServer.WithStatus(200, "OK");
        var yaml = FleetYaml.Web(backend.Port, LoopbackPorts.Closed());
        Assert.Equal(0, (await server.ApplyAsync(yaml)).ExitCode);
        using var settled = await server.WaitForStatusAsync(s => CliTestServer.StateOf(s, "web-down") == "Unhealthy");

        var watch = server.RunAsync("watch", "--count", "1", "--timeout", "40", "-o", "json");
        // The stream only carries changes made after it connects: switch the member off and on until the watch has one.
        for (var i = 0; i < 40 && !watch.IsCompleted; i++)
        {
            var admin = i % 2 == 0 ? "false" : "true";
            var toggled = yaml.Replace($"protocol_port: {backend.Port}\n", $"protocol_port: {backend.Port}\n              admin_state_up: {admin}\n", StringComparison.Ordinal);
            Assert.Equal(0, (await server.ApplyAsync(toggled)).ExitCode);
            await Task.WhenAny(watch, Task.Delay(500, TestContext.Current.CancellationToken));
        }

        var run = await watch;
        Assert.True(run.ExitCode == 0, run.Stderr);
        var line = JsonDocument.Parse(run.Stdout.Trim()).RootElement;
        Assert.Equal("transition", line.GetProperty("event").GetString());
        Assert.StartsWith("mbr-", line.GetProperty("member_id").GetString(), StringComparison.Ordinal);
        Assert.Contains(line.GetProperty("to").GetString(), new[] { "Unavailable", "Initial", "Healthy" });
    }

    [Fact]
    public async Task Watch_Timeout_EndsCleanlyWithNoEvents()
    {
        await using var server = await CliTestServer.StartAsync();

        var run = await server.RunAsync("watch", "--timeout", "1");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Watching http://127.0.0.1:", run.Stdout, StringComparison.Ordinal);
    }
}
