using System.Text.Json;
using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.History;

public sealed class HistoryCommandTests
{
    [Fact]
    public async Task History_RefusedMember_ShowsItsTransitionAndLastResults()
    {
        await using var server = await CliTestServer.StartAsync();
        Assert.Equal(0, (await server.ApplyAsync(FleetYaml.Web(LoopbackPorts.Closed(), LoopbackPorts.Closed()))).ExitCode);
        using var settled = await server.WaitForStatusAsync(s => CliTestServer.StateOf(s, "web-down") == "Unhealthy");

        // Transitions reach the store in batches (every 200 ms): wait until the history holds one.
        var table = await server.RunAsync("history", "web-down");
        for (var i = 0; i < 50 && table.Stdout.Contains("No transitions yet", StringComparison.Ordinal); i++)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            table = await server.RunAsync("history", "web-down");
        }

        var json = await server.RunAsync("history", "web-down", "-o", "json", "--limit", "5");

        Assert.Equal(0, table.ExitCode);
        Assert.Matches(@"\d{4}-\d\d-\d\dT[\d:.]+Z\s+Initial\s+Unhealthy\s+Checks\s+CONNECT_FAILED: connection refused", table.Stdout);
        Assert.Contains("Last results:", table.Stdout);
        Assert.Matches(@"fail\s+L4CON", table.Stdout);
        var history = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal("Unhealthy", history.GetProperty("transitions")[0].GetProperty("to").GetString());
        Assert.InRange(history.GetProperty("results").GetArrayLength(), 1, 5);
    }

    [Fact]
    public async Task History_UnknownMember_Exits1()
    {
        await using var server = await CliTestServer.StartAsync();

        var run = await server.RunAsync("history", "ghost");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no member has the id or name 'ghost'", run.Stderr);
    }
}
