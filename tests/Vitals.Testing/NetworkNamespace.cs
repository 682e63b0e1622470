using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Vitals.Testing;

/// <summary>
/// A network namespace of our own, joined to the host by a veth pair: host end 198.18.n.1/30, namespace end
/// 198.18.n.2/30 (RFC 2544 benchmarking range, routed only through our own veth). Firewall rules inside the
/// namespace make a real target misbehave: <see cref="DropTcpPort"/> silently drops SYNs (a filtered port, the
/// CONNECT_TIMEOUT case), <see cref="RejectTcpPort"/> answers with RST. Needs root, <c>ip</c> and <c>nft</c>;
/// <see cref="TryCreate"/> says why not otherwise, so a test can skip. Dispose removes the namespace (and with it
/// the veth pair). Names are <c>vitals-t-PID-N</c>, so namespaces left by a killed test run are removed later.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    private const string Prefix = "vitals-t-";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(15);
    private static readonly Lock CreateLock = new();
    private static int s_counter;
    private static bool s_staleRemoved;

    private readonly string _hostLink;
    private bool _tableCreated;
    private int _disposed;

    private NetworkNamespace(string name, string hostLink, int subnet)
    {
        Name = name;
        _hostLink = hostLink;
        HostAddress = IPAddress.Parse($"198.18.{subnet}.1");
        AddressInside = IPAddress.Parse($"198.18.{subnet}.2");
    }

    public string Name { get; }

    /// <summary>The host's end of the veth pair: where traffic into the namespace comes from.</summary>
    public IPAddress HostAddress { get; }

    /// <summary>The namespace's address, reachable from the host.</summary>
    public IPAddress AddressInside { get; }

    /// <summary>Creates a namespace, or returns false with the reason (not root, tools missing, command failed).</summary>
    public static bool TryCreate(out NetworkNamespace? network, out string whyNot)
    {
        network = null;
        if (!OperatingSystem.IsLinux())
        {
            whyNot = "network namespaces need Linux";
            return false;
        }

        if (Environment.UserName != "root" && !IsRootByUid())
        {
            whyNot = "network namespaces need root";
            return false;
        }

        foreach (var tool in (string[])["ip", "nft"])
        {
            if (FindTool(tool) is null)
            {
                whyNot = $"'{tool}' is not installed (eng/install-test-deps.sh installs it)";
                return false;
            }
        }

        lock (CreateLock)
        {
            if (!s_staleRemoved)
            {
                RemoveStale();
                s_staleRemoved = true;
            }

            // Try a few subnets: another process (another test run) may hold one.
            string lastError = "";
            for (var attempt = 0; attempt < 16; attempt++)
            {
                var n = Interlocked.Increment(ref s_counter);
                var pid = Environment.ProcessId;
                var subnet = (int)((((uint)pid * 31u) + (uint)n) % 254u) + 1;
                var candidate = new NetworkNamespace($"{Prefix}{pid}-{n}", $"vt{pid % 1_000_000}h{n % 1000}", subnet);
                if (candidate.TrySetUp(out lastError))
                {
                    network = candidate;
                    whyNot = "";
                    return true;
                }

                candidate.Dispose();
            }

            whyNot = "could not set up a network namespace: " + lastError;
            return false;
        }
    }

    /// <summary>Silently drops TCP packets to <paramref name="port"/> inside the namespace (a filtered port).</summary>
    public void DropTcpPort(int port) => AddInputRule($"tcp dport {port} drop");

    /// <summary>Answers TCP SYNs to <paramref name="port"/> with RST from the firewall (as a REJECT rule does).</summary>
    public void RejectTcpPort(int port) => AddInputRule($"tcp dport {port} reject with tcp reset");

    /// <summary>Drops every packet that enters the namespace (a host that is down or black-holed).</summary>
    public void DropAll() => AddInputRule("drop");

    /// <summary>Adds an nftables rule (e.g. <c>udp dport 53 drop</c>) to the namespace's input chain.</summary>
    public void AddInputRule(string rule)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (!_tableCreated)
        {
            Run("ip", "netns", "exec", Name, "nft",
                "add table inet vt; add chain inet vt in { type filter hook input priority 0; policy accept; }");
            _tableCreated = true;
        }

        Run("ip", "netns", "exec", Name, "nft", "add rule inet vt in " + rule);
    }

    /// <summary>Runs a command inside the namespace (e.g. a server) and returns the started process.</summary>
    public Process Start(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["netns", "exec", Name, fileName, .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start " + fileName);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        TryRun(out _, "ip", "netns", "del", Name);
        TryRun(out _, "ip", "link", "del", _hostLink); // normally gone with the namespace already
    }

    private bool TrySetUp(out string error)
    {
        var inside = "vtn0";
        return TryRun(out error, "ip", "netns", "add", Name)
            && TryRun(out error, "ip", "link", "add", _hostLink, "type", "veth", "peer", "name", inside, "netns", Name)
            && TryRun(out error, "ip", "addr", "add", HostAddress + "/30", "dev", _hostLink)
            && TryRun(out error, "ip", "link", "set", _hostLink, "up")
            && TryRun(out error, "ip", "-n", Name, "addr", "add", AddressInside + "/30", "dev", inside)
            && TryRun(out error, "ip", "-n", Name, "link", "set", inside, "up")
            && TryRun(out error, "ip", "-n", Name, "link", "set", "lo", "up");
    }

    /// <summary>Removes <c>vitals-t-PID-N</c> namespaces whose process is gone.</summary>
    private static void RemoveStale()
    {
        if (!TryRun(out var output, "ip", "netns", "list"))
        {
            return;
        }

        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = line.Split(' ')[0];
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var pidText = name[Prefix.Length..].Split('-')[0];
            if (int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !Directory.Exists($"/proc/{pid}"))
            {
                TryRun(out _, "ip", "netns", "del", name);
            }
        }
    }

    private static void Run(string fileName, params string[] arguments)
    {
        if (!TryRun(out var error, fileName, arguments))
        {
            throw new InvalidOperationException(error);
        }
    }

    /// <summary>Runs a command to completion (bounded in time); output on success, the error text otherwise.</summary>
    private static bool TryRun(out string output, string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info);
        if (process is null)
        {
            output = $"could not start {fileName}";
            return false;
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill();
            output = $"{fileName} {string.Join(' ', arguments)}: no exit within {CommandTimeout.TotalSeconds} s";
            return false;
        }

        process.WaitForExit();
        output = process.ExitCode == 0 ? stdout.Result : $"{fileName} {string.Join(' ', arguments)}: {stderr.Result.Trim()}";
        return process.ExitCode == 0;
    }

    private static bool IsRootByUid()
    {
        // /proc/self/status has "Uid:\treal\teffective..."; effective uid 0 is root whatever the user name.
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                var fields = line.Split('\t', StringSplitOptions.RemoveEmptyEntries);
                return fields.Length > 2 && fields[2] == "0";
            }
        }

        return false;
    }

    private static string? FindTool(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/sbin"]))
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
