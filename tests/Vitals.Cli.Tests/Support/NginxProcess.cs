using System.Diagnostics;
using Vitals.Cli.Export.Nginx;

namespace Vitals.Cli.Tests.Support;

/// <summary>
/// The real nginx (Debian's, installed by eng/install-test-deps.sh), run unprivileged from a temp prefix: <c>nginx -t</c>
/// on a configuration, or a running nginx (<c>daemon off</c>, so its master is the process started here and is stopped
/// by its pid).
/// </summary>
public sealed class NginxProcess : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    /// <summary>Debian builds stream as a dynamic module.</summary>
    public const string StreamModule = "/usr/lib/nginx/modules/ngx_stream_module.so";

    private readonly Process _process;

    private NginxProcess(Process process, string prefix)
    {
        _process = process;
        Prefix = prefix;
    }

    public string Prefix { get; }

    public int Pid => _process.Id;

    /// <summary>Skips the test when nginx is not installed.</summary>
    public static void RequireInstalled()
    {
        if (!File.Exists(Binary) || !File.Exists(StreamModule))
        {
            Assert.Skip("nginx (with its stream module) is not installed (eng/install-test-deps.sh installs it)");
        }
    }

    /// <summary>The head of a whole nginx.conf for an exported context file: its includes go in <c>http { }</c> and <c>stream { }</c>.</summary>
    public static string Config(string? httpInclude, string? streamInclude) =>
        $"load_module {StreamModule};\npid nginx.pid;\nerror_log error.log notice;\nevents {{ worker_connections 64; }}\n"
        + (httpInclude is null ? "" : $"http {{\n    access_log off;\n    client_body_temp_path client_body_temp;\n    proxy_temp_path proxy_temp;\n"
            + $"    fastcgi_temp_path fastcgi_temp;\n    uwsgi_temp_path uwsgi_temp;\n    scgi_temp_path scgi_temp;\n    include {httpInclude};\n}}\n")
        + (streamInclude is null ? "" : $"stream {{\n    include {streamInclude};\n}}\n");

    /// <summary>Runs <c>nginx -t</c> on <paramref name="files"/> (name → text, the first is nginx.conf) in a fresh prefix: exit 0, no warning.</summary>
    public static async Task AssertAcceptsAsync(params (string Name, string Text)[] files)
    {
        RequireInstalled();
        var prefix = Directory.CreateTempSubdirectory("vitals-nginx-t-").FullName;
        try
        {
            foreach (var (name, text) in files)
            {
                await File.WriteAllTextAsync(Path.Combine(prefix, name), text, TestContext.Current.CancellationToken);
            }

            var (exit, output) = await RunAsync(["-t", "-q", "-p", prefix + "/", "-c", Path.Combine(prefix, files[0].Name), "-e", "error.log"]);
            Assert.True(exit == 0, $"nginx -t failed:\n{output}\n{files[0].Text}\n{(files.Length > 1 ? files[1].Text : "")}");
            Assert.DoesNotContain("[warn]", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(prefix, recursive: true);
        }
    }

    /// <summary>Starts nginx on <paramref name="config"/> from <paramref name="prefix"/>; returns once its pid file is written (at most 10 s).</summary>
    public static async Task<NginxProcess> StartAsync(string prefix, string config)
    {
        RequireInstalled();
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-p", prefix + "/", "-c", config, "-e", "error.log", "-g", "daemon off;" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var nginx = new NginxProcess(process, prefix);
        var pidFile = Path.Combine(prefix, "nginx.pid");
        var started = Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (process.HasExited)
            {
                var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
                Assert.Fail($"nginx exited with {process.ExitCode}: {error}\n{await File.ReadAllTextAsync(config, TestContext.Current.CancellationToken)}");
            }

            if (File.Exists(pidFile) && (await File.ReadAllTextAsync(pidFile, TestContext.Current.CancellationToken)).Trim() == process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                return nginx;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        await nginx.DisposeAsync();
        throw new TimeoutException("nginx wrote no pid file within 10 s");
    }

    /// <summary>The error log (reloads are logged at notice).</summary>
    public string ErrorLog() => File.Exists(Path.Combine(Prefix, "error.log")) ? File.ReadAllText(Path.Combine(Prefix, "error.log")) : "";

    /// <summary>Stops nginx by its pid: SIGQUIT (graceful), then SIGTERM after 5 s, then a kill after 5 s more.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var signal in new[] { PosixSignals.SigQuit, PosixSignals.SigTerm })
        {
            if (_process.HasExited)
            {
                break;
            }

            PosixSignals.Send(_process.Id, signal);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                // next signal
            }
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static async Task<(int Exit, string Output)> RunAsync(string[] args)
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
