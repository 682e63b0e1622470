using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Vitals.Testing;

namespace Vitals.Cli.Tests.Support;

/// <summary>
/// <c>vitals serve</c> as a real process whose data directory is a file system mounted in a mount namespace of its own
/// (<c>unshare -m</c>, so the host never sees the mount): a small tmpfs the test fills from outside, through
/// <c>/proc/PID/root</c>, or an ext4 loop image the kernel turns read-only under the running server
/// (<see cref="TriggerFileSystemErrorAsync"/>). Needs root; <see cref="WhyNot"/> says why not otherwise. Dispose
/// kills the server, which ends the namespace and with it the mount (a loop device detaches itself).
/// </summary>
public sealed class MountedServe : IAsyncDisposable
{
    public const string AdminToken = "tmpfs-test-admin-token-0123456789abcdef";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;
    private readonly string _mountPoint;

    private MountedServe(Process process, ConcurrentQueue<string> output, string mountPoint, Uri url)
    {
        _process = process;
        _output = output;
        _mountPoint = mountPoint;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>The data directory as the server sees it (inside its namespace).</summary>
    public string DataDir => _mountPoint;

    /// <summary>The same directory reached from the host, through the server's root.</summary>
    public string DataDirFromHost => $"/proc/{_process.Id}/root{_mountPoint}";

    /// <summary>Everything the server printed so far (stdout and stderr, its log included).</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Null when the tests can run here; otherwise why not (for Assert.Skip).</summary>
    public static string? WhyNot()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "mount namespaces need Linux";
        }

        if (Environment.UserName != "root")
        {
            return "mounting in a mount namespace needs root (CI runs as root)";
        }

        return File.Exists("/usr/bin/unshare") && File.Exists("/usr/bin/nsenter") ? null : "unshare/nsenter (util-linux) are not installed";
    }

    /// <summary>The shell command mounting a tmpfs of <paramref name="size"/> (e.g. <c>8M</c>) on the data directory (<c>$0</c>).</summary>
    public static string Tmpfs(string size) => $"mount -t tmpfs -o size={size} tmpfs \"$0\"";

    /// <summary>
    /// Makes a fresh 16 MiB ext4 image at <paramref name="image"/> and returns the shell command mounting it on the data
    /// directory with <c>errors=remount-ro</c>, so that a file-system error turns it read-only with the server's files open.
    /// </summary>
    public static async Task<string> Ext4Async(string image)
    {
        await using (var file = new FileStream(image, FileMode.Create, FileAccess.Write))
        {
            file.SetLength(16 * 1024 * 1024);
        }

        await RunAsync("mkfs.ext4", "-q", "-F", image);
        return $"mount -o loop,errors=remount-ro '{image}' \"$0\"";
    }

    /// <summary>Null when an ext4 loop image can be mounted here; otherwise why not.</summary>
    public static string? WhyNotExt4() =>
        WhyNot() ?? (File.Exists("/dev/loop-control") && (File.Exists("/usr/sbin/mkfs.ext4") || File.Exists("/sbin/mkfs.ext4"))
            ? null
            : "no loop devices or mkfs.ext4 here");

    /// <summary>Starts the server on what <paramref name="mount"/> mounts; <paramref name="before"/> runs in the namespace after the mount.</summary>
    public static async Task<MountedServe> StartAsync(string mount, string before = "true")
    {
        var (process, output, mountPoint) = Spawn(mount, before);
        var port = ListeningPort(await WaitForAsync(process, output, static line => line.StartsWith("vitals listening on http://", StringComparison.Ordinal)));
        return new MountedServe(process, output, mountPoint, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>Runs the server to its exit on a tmpfs prepared by <paramref name="before"/> (e.g. a read-only remount).</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string mount, string before)
    {
        var (process, output, mountPoint) = Spawn(mount, before);
        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                TryDelete(mountPoint);
            }

            await Task.Delay(100, TestContext.Current.CancellationToken); // the last lines of the output readers
            return (process.ExitCode, string.Join('\n', output));
        }
    }

    /// <summary>Creates a project with the admin token; returns its id and token.</summary>
    public async Task<(string ProjectId, string Token)> CreateProjectAsync(string name)
    {
        using var admin = Client(AdminToken);
        using var response = await admin.PostAsJsonAsync("/api/v1/projects", new { name }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (doc.RootElement.GetProperty("project").GetProperty("id").GetString()!, doc.RootElement.GetProperty("token").GetString()!);
    }

    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.Add("X-Auth-Token", token);
        return client;
    }

    /// <summary>Fills the tmpfs (from the host, through /proc/PID/root) until the disk is full; returns the filler's path.</summary>
    public string FillDisk()
    {
        var filler = Path.Combine(DataDirFromHost, "filler");
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write);
        var chunk = new byte[64 * 1024];
        try
        {
            while (true)
            {
                stream.Write(chunk);
                stream.Flush();
            }
        }
        catch (IOException)
        {
            // ENOSPC: full
        }

        return filler;
    }

    /// <summary>
    /// Has the kernel record an error on the ext4 data directory (<c>/sys/fs/ext4/DEV/trigger_fs_error</c>), which with
    /// <c>errors=remount-ro</c> makes it read-only at once, the server's open files included. (A plain
    /// <c>mount -o remount,ro</c> is refused with EBUSY while files are open for writing.)
    /// </summary>
    public Task TriggerFileSystemErrorAsync() =>
        RunAsync("nsenter", "-m", "-t", _process.Id.ToString(CultureInfo.InvariantCulture), "sh", "-c",
            "echo 1 > /sys/fs/ext4/$(basename $(findmnt -n -o SOURCE \"$0\"))/trigger_fs_error", _mountPoint);

    /// <summary>
    /// Holds SQLite's write lock on the server's database (<c>BEGIN EXCLUSIVE</c> in the <c>sqlite3</c> shell, run inside
    /// the server's namespace: SQLite resolves the <c>/proc/PID/root</c> link and would open the host's path instead)
    /// until the returned holder is disposed.
    /// </summary>
    public async Task<IAsyncDisposable> HoldWriteLockAsync()
    {
        var start = new ProcessStartInfo("nsenter")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["-m", "-t", _process.Id.ToString(CultureInfo.InvariantCulture), "stdbuf", "-oL", "sqlite3", Path.Combine(_mountPoint, "vitals.db")])
        {
            start.ArgumentList.Add(arg);
        }

        var shell = Process.Start(start)!;
        await shell.StandardInput.WriteLineAsync("BEGIN EXCLUSIVE;");
        await shell.StandardInput.WriteLineAsync(".print locked");
        await shell.StandardInput.FlushAsync(TestContext.Current.CancellationToken);
        // Line-buffered (stdbuf): without a terminal sqlite3 would hold ".print" back until it exits.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var line = await shell.StandardOutput.ReadLineAsync(timeout.Token);
        Assert.True(line == "locked", $"sqlite3 did not take the lock: {line}");
        return new LockHolder(shell);
    }

    /// <summary>Waits until the output holds <paramref name="text"/> (the log is written asynchronously).</summary>
    public async Task<bool> OutputContainsAsync(string text)
    {
        for (var i = 0; i < 50; i++)
        {
            if (Output.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
        TryDelete(_mountPoint);
    }

    private static (Process Process, ConcurrentQueue<string> Output, string MountPoint) Spawn(string mount, string before)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "vitals.dll");
        var mountPoint = Directory.CreateTempSubdirectory("vitals-tmpfs-").FullName;
        var port = LoopbackTcp.RefusedPort().Port;
        var start = new ProcessStartInfo("unshare")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A private mount namespace: the tmpfs exists only for the server; exec keeps the server's pid the namespace's.
        foreach (var arg in (string[])["-m", "--propagation", "private", "sh", "-c",
            $"{mount} && {before} && exec dotnet \"$1\" serve --listen 127.0.0.1:{port} --data-dir \"$0\"",
            mountPoint, dll])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["VITALS_ADMIN_TOKEN"] = AdminToken;
        var output = new ConcurrentQueue<string>();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Add(output, e.Data);
        process.ErrorDataReceived += (_, e) => Add(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output, mountPoint);
    }

    private static void Add(ConcurrentQueue<string> output, string? line)
    {
        if (line is not null)
        {
            output.Enqueue(line);
        }
    }

    private static async Task<string> WaitForAsync(Process process, ConcurrentQueue<string> output, Func<string, bool> match)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (output.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"vitals serve exited ({process.ExitCode}): {string.Join('\n', output)}");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"vitals serve did not start: {string.Join('\n', output)}");
    }

    private static int ListeningPort(string line)
    {
        // "vitals listening on http://127.0.0.1:PORT (data: …)"
        var url = line["vitals listening on ".Length..].Split(' ')[0];
        return new Uri(url).Port;
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {error}");
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: an empty temp mount point
        }
    }

    private sealed class LockHolder(Process shell) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await shell.StandardInput.WriteLineAsync("COMMIT;");
            await shell.StandardInput.WriteLineAsync(".quit");
            await shell.StandardInput.FlushAsync(CancellationToken.None);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await shell.WaitForExitAsync(timeout.Token);
            shell.Dispose();
        }
    }
}
