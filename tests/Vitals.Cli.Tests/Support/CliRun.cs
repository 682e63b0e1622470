using System.Diagnostics;

namespace Vitals.Cli.Tests.Support;

/// <summary>What one run of <c>vitals</c> produced.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Runs the command in-process with captured output (fast; the same code path as Main).</summary>
    /// <remarks>The run is cancelled, as Ctrl+C would, when the test is or after 60 s.</remarks>
    public static async Task<CliRun> InProcessAsync(params string[] args)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await using var stdout = new StringWriter();
        await using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, handleSignals: false, timeout.Token);
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the built <c>vitals.dll</c> as a real process with <c>dotnet</c>.</summary>
    public static Task<CliRun> ProcessAsync(params string[] args) => ProcessAsync(new Dictionary<string, string?>(), args);

    /// <summary>Runs the built <c>vitals.dll</c> as a real process with these environment variables set (or, when null, removed).</summary>
    public static async Task<CliRun> ProcessAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var process = StartProcess(environment, args);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts the built <c>vitals.dll</c> with stdout and stderr redirected; the caller ends it.</summary>
    public static Process StartProcess(params string[] args) => StartProcess(new Dictionary<string, string?>(), args);

    /// <summary>Starts the built <c>vitals.dll</c> with these environment variables set (or, when null, removed); the caller ends it.</summary>
    public static Process StartProcess(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "vitals.dll");
        Assert.True(File.Exists(dll), $"vitals.dll not found next to the tests in {AppContext.BaseDirectory}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }
}
