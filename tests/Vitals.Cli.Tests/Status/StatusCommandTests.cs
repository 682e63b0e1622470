using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Status;

public sealed class StatusCommandTests
{
    [Fact]
    public async Task Status_HealthyAndRefusedMembers_ListsTheUnhealthyFirstWithTheReasonInWords()
    {
        await using var server = await CliTestServer.StartAsync();
        await using var backend = LoopbackHttpServer.WithStatus(200, "OK");
        Assert.Equal(0, (await server.ApplyAsync(FleetYaml.Web(backend.Port, LoopbackPorts.Closed()))).ExitCode);

        using var status = await server.WaitForStatusAsync(s =>
            CliTestServer.StateOf(s, "web-ok") == "Healthy" && CliTestServer.StateOf(s, "web-down") == "Unhealthy");
        var table = await server.RunAsync("status");
        var gate = await server.RunAsync("status", "--fail-on-unhealthy");

        var root = status.RootElement;
        Assert.Equal(1, root.GetProperty("unhealthy").GetInt32());
        Assert.Equal("web-down", root.GetProperty("members")[0].GetProperty("name").GetString());
        Assert.Equal("CONNECT_FAILED", root.GetProperty("members")[0].GetProperty("reason_code").GetString());
        var pool = root.GetProperty("pools")[0];
        Assert.Equal("edge/web HTTP:80", pool.GetProperty("listener").GetString());
        Assert.Equal(1, pool.GetProperty("counts").GetProperty("Healthy").GetInt32());
        Assert.Equal(0, table.ExitCode);
        Assert.Matches(@"edge/web HTTP:80\s+web\s+on\s+1\s+1\s+0\s+0\s+0\s+2", table.Stdout);
        var down = table.Stdout.IndexOf("web-down", StringComparison.Ordinal);
        var ok = table.Stdout.IndexOf("web-ok", StringComparison.Ordinal);
        Assert.True(down > 0 && ok > down, table.Stdout);
        Assert.Contains("Unhealthy  CONNECT_FAILED: connection refused or unreachable", table.Stdout);
        Assert.Equal(1, gate.ExitCode);
    }

    [Fact]
    public async Task Status_EverythingHealthy_FailOnUnhealthyExits0()
    {
        await using var server = await CliTestServer.StartAsync();
        await using var backend = LoopbackHttpServer.WithStatus(204, "No Content");
        Assert.Equal(0, (await server.ApplyAsync(FleetYaml.Web(backend.Port, 0, withDown: false))).ExitCode);
        using var status = await server.WaitForStatusAsync(s => CliTestServer.StateOf(s, "web-ok") == "Healthy");

        var gate = await server.RunAsync("status", "--fail-on-unhealthy");

        Assert.Equal(0, gate.ExitCode);
    }
}
