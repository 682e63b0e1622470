using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Remote;

public sealed class RemoteErrorsTests
{
    [Fact]
    public async Task Get_ServerNotListening_Exits3WithAClearMessage()
    {
        var url = $"http://127.0.0.1:{LoopbackPorts.Closed()}";

        var run = await CliRun.InProcessAsync("get", "pools", "--server", url, "--token", "x");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"cannot reach the server at {url}/ (from --server)", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task Status_BadToken_Exits2AndSaysTheTokenWasRefused()
    {
        await using var server = await CliTestServer.StartAsync();

        var run = await CliRun.InProcessAsync("status", "--server", server.Url, "--token", "vt_wrong");
        var none = await CliRun.InProcessAsync("status", "--server", server.Url);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("401 Not authenticated.: the token is not valid", run.Stderr);
        Assert.Contains("The server refused the token (from --token)", run.Stderr);
        Assert.Equal(2, none.ExitCode);
    }

    [Fact]
    public async Task Help_Root_ListsEveryCommand_AndEachCommandExplainsItsOptions()
    {
        var root = await CliRun.InProcessAsync("--help");
        var apply = await CliRun.InProcessAsync("apply", "--help");
        var status = await CliRun.InProcessAsync("status", "--help");
        var export = await CliRun.InProcessAsync("export", "haproxy", "--help");
        var diagnose = await CliRun.InProcessAsync("diagnose", "--help");

        Assert.Equal(0, root.ExitCode);
        foreach (var command in new[] { "probe", "diagnose", "serve", "apply", "get", "status", "watch", "history", "export" })
        {
            Assert.Matches($@"\n  {command}\s+\S", root.Stdout);
        }

        Assert.Contains("3 server unreachable", root.Stdout);
        Assert.Contains("--prune", apply.Stdout);
        Assert.Contains("--dry-run", apply.Stdout);
        Assert.Contains("-f, --file <file> (REQUIRED)", apply.Stdout);
        Assert.Contains("VITALS_SERVER", apply.Stdout);
        Assert.Contains("--fail-on-unhealthy", status.Stdout);
        Assert.Contains("HAProxy backend", export.Stdout);
        Assert.Contains("MEMBER id or name", diagnose.Stdout);
    }

    [Fact]
    public async Task Apply_WithoutFile_IsAUsageError()
    {
        var run = await CliRun.InProcessAsync("apply");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--file", run.Stderr);
    }
}
