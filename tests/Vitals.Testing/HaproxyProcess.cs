using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vitals.Testing;

/// <summary>
/// Debian's real <c>haproxy</c> in the foreground (<c>-db</c>; <c>-W -db</c> master-worker when reloads are wanted),
/// from a configuration written to a temporary directory, with a unix admin socket there
/// (<c>stats socket DIR/admin.sock mode 600 level admin</c>) and, if asked, a TCP admin socket on a free loopback port.
/// Started only once the socket answers. <see cref="RestartAsync"/> kills the process and starts the same configuration
/// again (runtime state is lost, as after a real restart); disposing kills exactly the process this started (and its
/// worker). Callers skip their test when <see cref="IsInstalled"/> is false (eng/install-test-deps.sh installs it).
/// </summary>
public sealed class HaproxyProcess : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/haproxy";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly string[] _arguments;
    private readonly StringBuilder _log = new();
    private Process? _process;

    private HaproxyProcess(string directory, string configurationPath, IPEndPoint? tcpAdmin, bool masterWorker)
    {
        Directory = directory;
        ConfigurationPath = configurationPath;
        TcpAdmin = tcpAdmin;
        MasterWorker = masterWorker;
        _arguments = masterWorker ? ["-W", "-db", "-f", configurationPath] : ["-db", "-f", configurationPath];
    }

    /// <summary>True when the haproxy binary is installed.</summary>
    public static bool IsInstalled => File.Exists(Binary);

    /// <summary>The temporary directory holding the configuration and the socket; deleted on dispose.</summary>
    public string Directory { get; }

    public string ConfigurationPath { get; }

    /// <summary>The unix admin socket.</summary>
    public string SocketPath => Path.Combine(Directory, "admin.sock");

    /// <summary>The TCP admin socket on loopback; null unless asked for.</summary>
    public IPEndPoint? TcpAdmin { get; }

    public bool MasterWorker { get; }

    /// <summary>The process started last (the master in master-worker mode).</summary>
    public int Pid => _process?.Id ?? 0;

    /// <summary>What haproxy wrote on stdout and stderr so far.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// Writes <c>global</c> (the admin sockets, <paramref name="globalLines"/>) then <paramref name="configuration"/>
    /// (defaults, frontends, backends; <c>{dir}</c> is replaced by <see cref="Directory"/>) and starts haproxy on it.
    /// </summary>
    public static async Task<HaproxyProcess> StartAsync(
        string configuration, bool tcpAdmin = false, bool masterWorker = false, string? globalLines = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!IsInstalled)
        {
            throw new InvalidOperationException($"{Binary} is missing: run eng/install-test-deps.sh (apt package haproxy)");
        }

        var directory = System.IO.Directory.CreateTempSubdirectory("vitals-haproxy-").FullName;
        var tcp = tcpAdmin ? LoopbackTcp.RefusedPort() : null;
        var global = new StringBuilder("global\n")
            .Append(CultureInfo.InvariantCulture, $"    stats socket {Path.Combine(directory, "admin.sock")} mode 600 level admin\n");
        if (tcp is not null)
        {
            global.Append(CultureInfo.InvariantCulture, $"    stats socket ipv4@{tcp} level admin\n");
        }

        global.Append("    stats timeout 30s\n");
        if (globalLines is not null)
        {
            global.Append(globalLines.TrimEnd('\n')).Append('\n');
        }

        var path = Path.Combine(directory, "haproxy.cfg");
        await File.WriteAllTextAsync(path, global + "\n" + configuration.Replace("{dir}", directory, StringComparison.Ordinal), cancellationToken);
        var haproxy = new HaproxyProcess(directory, path, tcp, masterWorker);
        try
        {
            await haproxy.LaunchAsync(cancellationToken);
            return haproxy;
        }
        catch
        {
            await haproxy.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the process by its PID and starts the same configuration again: every runtime change is lost.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await KillAsync();
        await LaunchAsync(cancellationToken);
    }

    /// <summary>
    /// Kills the process by its PID and leaves it stopped: its socket file stays behind, refusing connections, as after a
    /// crash. <see cref="RestartAsync"/> starts it again.
    /// </summary>
    public Task StopAsync() => KillAsync();

    /// <summary>
    /// Master-worker only: SIGUSR2 to the master, which starts a new worker on the configuration file (runtime changes
    /// are lost there too); returns once a new worker answers on the socket.
    /// </summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        if (!MasterWorker || _process is null)
        {
            throw new InvalidOperationException("reload needs a running master-worker haproxy (masterWorker: true)");
        }

        var before = await QueryPidAsync(cancellationToken);
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-USR2", _process.Id.ToString(CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync(cancellationToken);
        await WaitAnsweringAsync(pid => pid is not null && pid != before, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in _arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("haproxy did not start");
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitAnsweringAsync(static pid => pid is not null, cancellationToken);
    }

    private async Task WaitAnsweringAsync(Func<int?, bool> ready, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < StartTimeout)
        {
            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException($"haproxy exited ({_process?.ExitCode}): {Log}");
            }

            if (ready(await QueryPidAsync(cancellationToken)))
            {
                return;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        throw new TimeoutException($"haproxy's admin socket did not answer within {StartTimeout.TotalSeconds} s: {Log}");
    }

    /// <summary>The answering process's pid from <c>show info</c>; null while nothing answers.</summary>
    private async Task<int?> QueryPidAsync(CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), timeout.Token);
            await socket.SendAsync("show info\n"u8.ToArray(), SocketFlags.None, timeout.Token);
            var answer = new StringBuilder();
            var buffer = new byte[8192];
            for (var reads = 0; reads < 64; reads++)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            foreach (var line in answer.ToString().Split('\n'))
            {
                if (line.StartsWith("Pid: ", StringComparison.Ordinal)
                    && int.TryParse(line.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    return pid;
                }
            }

            return null;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task KillAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        if (!process.HasExited)
        {
            // The tree: in master-worker mode the worker is the master's child.
            process.Kill(entireProcessTree: true);
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(exit.Token);
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
