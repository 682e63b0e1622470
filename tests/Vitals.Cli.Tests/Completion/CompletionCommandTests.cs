using System.Diagnostics;
using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Completion;

/// <summary><c>vitals completion</c>: the scripts run in the real shells and complete through the real binary.</summary>
public sealed class CompletionCommandTests
{
    [Fact]
    public async Task SuggestDirective_CompletesCommandsAndOptionValues()
    {
        var commands = await CliRun.InProcessAsync("[suggest:8]", "vitals g");
        var formats = await CliRun.InProcessAsync("[suggest:21]", "vitals get pools -o w");

        Assert.Equal(0, commands.ExitCode);
        Assert.Contains("get", commands.Stdout.Split('\n'));
        Assert.Equal(0, formats.ExitCode);
        Assert.Contains("wide", formats.Stdout.Split('\n'));
    }

    [Fact]
    public async Task Bash_ScriptSourced_CompletesThroughTheBinary()
    {
        var script = await CliRun.InProcessAsync("completion", "bash");
        Assert.Equal(0, script.ExitCode);
        using var file = new TempFile(script.Stdout);
        var dll = Path.Combine(AppContext.BaseDirectory, "vitals.dll");
        // What bash does on TAB after "vitals del": COMP_* set, the function called; `vitals` is the built binary.
        var program = $$"""
            vitals() { dotnet '{{dll}}' "$@"; }
            source '{{file.Path}}'
            complete -p vitals
            COMP_LINE='vitals del'; COMP_POINT=10; COMP_WORDS=(vitals del); COMP_CWORD=1
            _vitals_complete
            printf 'reply:%s\n' "${COMPREPLY[@]}"
            """;

        var (exit, output) = await RunAsync("bash", "-c", program);

        Assert.True(exit == 0, output);
        Assert.Contains("complete -o default -F _vitals_complete vitals", output, StringComparison.Ordinal);
        Assert.Contains("reply:delete", output.Split('\n'));
    }

    [Fact]
    public async Task Zsh_Script_IsValidZsh()
    {
        var script = await CliRun.InProcessAsync("completion", "zsh");
        Assert.Equal(0, script.ExitCode);
        Assert.StartsWith("#compdef vitals\n", script.Stdout, StringComparison.Ordinal);
        using var file = new TempFile(script.Stdout);

        // zsh is not on every machine: eng/install-test-deps.sh installs it, and a missing zsh fails here, loudly.
        var (exit, output) = await RunAsync("zsh", "-n", file.Path);

        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task Completion_UnknownShell_IsAUsageError()
    {
        var run = await CliRun.InProcessAsync("completion", "fish");

        Assert.Equal(2, run.ExitCode);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
