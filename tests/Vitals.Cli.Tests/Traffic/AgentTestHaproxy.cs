using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Vitals.Cli.Tests.Traffic;

/// <summary>
/// A real HAProxy on loopback for the agent-check tests: the configuration checked with <c>haproxy -c</c>, then
/// <c>haproxy -db</c> in the foreground, read through its runtime API socket (<c>show stat</c>), stopped by its PID.
/// Private to these tests (a shared harness may replace it).
/// </summary>
internal sealed class AgentTestHaproxy : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/haproxy";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private AgentTestHaproxy(Process process, ConcurrentQueue<string> output, string socket)
    {
        _process = process;
        _output = output;
        Socket = socket;
    }

    /// <summary>The runtime API socket (the configuration's <c>stats socket</c>).</summary>
    public string Socket { get; }

    /// <summary>What HAProxy printed so far.</summary>
    public string Output => string.Join('\n', _output);

    public static string? WhyNot() => File.Exists(Binary) ? null : "haproxy is not installed (eng/install-test-deps.sh installs it)";

    /// <summary>Runs <c>haproxy -c</c> on the configuration: exit 0 and no warning, or the test fails with HAProxy's words.</summary>
    public static async Task AssertAcceptsAsync(string configuration)
    {
        var config = Path.Combine(Path.GetTempPath(), $"vitals-agent-haproxy-{Guid.NewGuid():N}.cfg");
        await File.WriteAllTextAsync(config, configuration, TestContext.Current.CancellationToken);
        try
        {
            var (exitCode, output) = await RunAsync("-c", "-f", config);
            Assert.True(exitCode == 0, output + "\n" + configuration);
            Assert.DoesNotContain("WARNING", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(config);
        }
    }

    /// <summary>Checks and starts HAProxy on <paramref name="configuration"/> (written into <paramref name="dir"/>); returns once its socket answers.</summary>
    public static async Task<AgentTestHaproxy> StartAsync(string configuration, string dir, string socket)
    {
        await AssertAcceptsAsync(configuration);
        var config = Path.Combine(dir, "haproxy.cfg");
        await File.WriteAllTextAsync(config, configuration, TestContext.Current.CancellationToken);
        var output = new ConcurrentQueue<string>();
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(Binary, ["-db", "-f", config])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var haproxy = new AgentTestHaproxy(process, output, socket);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (process.HasExited)
            {
                Assert.Fail($"haproxy exited with {process.ExitCode}:\n{haproxy.Output}");
            }

            try
            {
                if ((await haproxy.CommandAsync("show info")).Contains("Name: HAProxy", StringComparison.Ordinal))
                {
                    return haproxy;
                }
            }
            catch (SocketException)
            {
                // not listening yet
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        await haproxy.DisposeAsync();
        Assert.Fail($"haproxy's runtime API never answered:\n{haproxy.Output}");
        return haproxy;
    }

    /// <summary>One runtime API command; its whole answer.</summary>
    public async Task<string> CommandAsync(string command)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(Socket), timeout.Token);
        await socket.SendAsync(Encoding.ASCII.GetBytes(command + "\n"), SocketFlags.None, timeout.Token);
        var buffer = new byte[16 * 1024];
        var text = new StringBuilder();
        for (var i = 0; i < 1024; i++)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    /// <summary>The servers of <paramref name="backend"/> from <c>show stat</c>: server name → column → value.</summary>
    public async Task<Dictionary<string, Dictionary<string, string>>> ServersAsync(string backend)
    {
        var csv = await CommandAsync("show stat");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("# ", lines[0], StringComparison.Ordinal);
        var header = lines[0][2..].Split(',');
        var servers = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(',');
            if (fields.Length < 2 || fields[0] != backend || fields[1] is "FRONTEND" or "BACKEND")
            {
                continue;
            }

            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length && i < fields.Length; i++)
            {
                row[header[i]] = fields[i];
            }

            servers[fields[1]] = row;
        }

        return servers;
    }

    /// <summary>
    /// The servers of <paramref name="backend"/> from <c>show servers state</c>: server name → column (<c>srv_op_state</c>:
    /// 0 stopped, 2 running; <c>srv_admin_state</c>: bit 0x01 forced maintenance, 0x08 forced drain; <c>srv_uweight</c>) → value.
    /// </summary>
    public async Task<Dictionary<string, Dictionary<string, string>>> ServersStateAsync(string backend)
    {
        var text = await CommandAsync("show servers state " + backend);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var headerLine = lines.FirstOrDefault(static l => l.StartsWith("# be_id", StringComparison.Ordinal));
        Assert.True(headerLine is not null, text);
        var header = headerLine[2..].Split(' ');
        var servers = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (line.StartsWith('#') || !line.Contains(' ', StringComparison.Ordinal))
            {
                continue;
            }

            var fields = line.Split(' ');
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length && i < fields.Length; i++)
            {
                row[header[i]] = fields[i];
            }

            servers[row["srv_name"]] = row;
        }

        return servers;
    }

    /// <summary>Reads <c>show stat</c> every 100 ms until <paramref name="done"/> holds (at most 30 s); fails with the last table.</summary>
    public async Task<Dictionary<string, Dictionary<string, string>>> UntilAsync(string backend,
        Func<Dictionary<string, Dictionary<string, string>>, bool> done)
    {
        var deadline = Stopwatch.StartNew();
        Dictionary<string, Dictionary<string, string>> servers = [];
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            servers = await ServersAsync(backend);
            if (done(servers))
            {
                return servers;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail("haproxy never reached the expected state; last:\n" + Describe(servers) + "\n" + Output);
        return servers;
    }

    /// <summary>One line per server: name, status, weight, the agent's status and description.</summary>
    public static string Describe(Dictionary<string, Dictionary<string, string>> servers) => string.Join('\n', servers.Select(static s =>
        string.Create(CultureInfo.InvariantCulture,
            $"{s.Key}: {s.Value.GetValueOrDefault("status")} weight {s.Value.GetValueOrDefault("weight")} agent {s.Value.GetValueOrDefault("agent_status")} '{s.Value.GetValueOrDefault("agent_desc")}' last_agt '{s.Value.GetValueOrDefault("last_agt")}'")));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(Binary, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
