using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Vitals.Console.Tests.Support;

/// <summary>
/// A real <c>vitals serve</c> process (the built vitals.dll next to the tests, run with <c>dotnet</c>) on 127.0.0.1
/// port 0 with a temporary data directory and an admin token. Disposing stops it by its PID and removes the directory.
/// </summary>
internal sealed partial class VitalsProcess : IAsyncDisposable
{
    private const int KeptLines = 200;

    private readonly Process _process;
    private readonly string _dataDir;
    private readonly ConcurrentQueue<string> _output;
    private readonly Task _stdout;
    private readonly Task _stderr;

    private VitalsProcess(Process process, string dataDir, string url, Task stdout, Task stderr, ConcurrentQueue<string> output)
    {
        _process = process;
        _dataDir = dataDir;
        Url = url;
        _stdout = stdout;
        _stderr = stderr;
        _output = output;
    }

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string Url { get; }

    public string AdminToken { get; private init; } = "";

    public int Pid => _process.Id;

    /// <summary>The last lines the server wrote (stdout and stderr), for failure messages.</summary>
    public string RecentOutput => string.Join('\n', _output);

    public static async Task<VitalsProcess> StartAsync(CancellationToken cancellationToken)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "vitals.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"vitals.dll not found next to the tests in {AppContext.BaseDirectory} (the project references src/Vitals.Cli)");
        }

        var dataDir = Directory.CreateTempSubdirectory("vitals-console-").FullName;
        var adminToken = "console-admin-" + Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The fleet's backends listen on loopback, which the target policy denies unless allowed.
        foreach (var arg in new[] { dll, "serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir, "--admin-token", adminToken,
            "--allow-targets", "127.0.0.0/8,::1" })
        {
            start.ArgumentList.Add(arg);
        }

        // Warnings only: a request log per console fetch would only fill the pipe.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = new ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stdout = PumpAsync(process.StandardOutput, output, listening);
        var stderr = PumpAsync(process.StandardError, output, null);
        string url;
        try
        {
            url = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or InvalidOperationException)
        {
            Stop(process);
            throw new InvalidOperationException($"vitals serve did not print its address: {e.Message}\n{string.Join('\n', output)}", e);
        }

        return new VitalsProcess(process, dataDir, url, stdout, stderr, output) { AdminToken = adminToken };
    }

    private static async Task PumpAsync(StreamReader reader, ConcurrentQueue<string> output, TaskCompletionSource<string>? listening)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            output.Enqueue(line);
            while (output.Count > KeptLines && output.TryDequeue(out _))
            {
            }

            if (listening is not null && ListeningLine().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(match.Groups[1].Value);
            }
        }

        listening?.TrySetException(new InvalidOperationException("the server's output ended"));
    }

    private static void Stop(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        // SIGTERM to this PID first (a clean stop), then a kill of its tree if it lingers.
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit(5_000);
        }

        if (!process.WaitForExit(15_000))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Stop(_process);
        await Task.WhenAll(_stdout, _stderr).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(static _ => { }, TaskScheduler.Default);
        _process.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is not worth failing a test run for.
        }
    }

    [GeneratedRegex(@"^vitals listening on (http://[^\s]+)")]
    private static partial Regex ListeningLine();
}
