using System.Text.Json;
using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Remote;

public sealed class RemoteDiagnoseTests
{
    [Fact]
    public async Task Diagnose_RefusedMember_ThroughTheServer_FirstCauseIsNothingListening()
    {
        await using var server = await CliTestServer.StartAsync();
        Assert.Equal(0, (await server.ApplyAsync(FleetYaml.Web(LoopbackPorts.Closed(), LoopbackPorts.Closed()))).ExitCode);

        var json = await server.RunAsync("diagnose", "web-down", "-o", "json", "--budget", "10");
        var text = await server.RunAsync("diagnose", "web-down", "--budget", "10");

        Assert.True(json.ExitCode == 1, json.Stderr);
        var report = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal("problem", report.GetProperty("verdict").GetString());
        var first = report.GetProperty("findings")[0];
        Assert.Equal("NOTHING_LISTENING", first.GetProperty("cause").GetString());
        Assert.Equal("problem", first.GetProperty("verdict").GetString());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("advice").GetString()));
        Assert.Equal(JsonValueKind.Object, first.GetProperty("evidence").ValueKind);
        Assert.Equal(1, text.ExitCode);
        Assert.Contains("1. NOTHING_LISTENING  problem", text.Stdout);
    }

    [Fact]
    public async Task Diagnose_MemberWithMonitorOptions_IsAUsageError()
    {
        await using var server = await CliTestServer.StartAsync();

        var run = await server.RunAsync("diagnose", "web-down", "--url-path", "/x");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--url-path: applies to 'vitals diagnose --type ... ADDRESS:PORT' only", run.Stderr);
    }

    [Fact]
    public async Task Diagnose_UnknownMember_Exits1()
    {
        await using var server = await CliTestServer.StartAsync();

        var run = await server.RunAsync("diagnose", "mbr-00000000000000000000");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("404", run.Stderr);
    }
}
