using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Vitals.Cli.Tests.Support;
using Vitals.Testing;

namespace Vitals.Cli.Tests.Serve;

/// <summary><c>vitals serve</c> as a real process: where the admin token comes from, and what a short one gets.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ServeAdminTokenTests
{
    private const string Token = "serve-admin-token-0123456789abcdef";

    [Fact]
    public async Task Serve_ShortAdminTokenFlag_ExitsWithUsageCode_AndSaysWhy()
    {
        var run = await CliRun.ProcessAsync("serve", "--listen", "127.0.0.1:0", "--admin-token", "x");

        Assert.Equal(ExitCodes.InvalidUsage, run.ExitCode);
        Assert.StartsWith("--admin-token: the admin token must be at least 24 characters (got 1)", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_ShortAdminTokenVariable_ExitsWithUsageCode_NamingTheVariable()
    {
        var run = await CliRun.ProcessAsync(new Dictionary<string, string?> { ["VITALS_ADMIN_TOKEN"] = "short-token" },
            "serve", "--listen", "127.0.0.1:0");

        Assert.Equal(ExitCodes.InvalidUsage, run.ExitCode);
        Assert.StartsWith("$VITALS_ADMIN_TOKEN: the admin token must be at least 24 characters (got 11)", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("short-token", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_AdminTokenFile_TokenWorks_AndIsNotOnTheCommandLine()
    {
        using var file = new TempFile(Token + "\n");
        File.SetUnixFileMode(file.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var (stdout, stderr) = await ServeAndCreateProjectAsync(new Dictionary<string, string?> { ["VITALS_ADMIN_TOKEN"] = null },
            ["--admin-token-file", file.Path], checkCommandLine: true);

        Assert.DoesNotContain("no admin token", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_AdminTokenFileReadableByOthers_StartsWithAWarning()
    {
        using var file = new TempFile(Token);
        File.SetUnixFileMode(file.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var (_, stderr) = await ServeAndCreateProjectAsync(new Dictionary<string, string?>(), ["--admin-token-file", file.Path], checkCommandLine: false);

        Assert.Contains($"warning: --admin-token-file {file.Path} is accessible to other users (mode 0644)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_AdminTokenVariable_TokenWorks_AndIsNotOnTheCommandLine() =>
        await ServeAndCreateProjectAsync(new Dictionary<string, string?> { ["VITALS_ADMIN_TOKEN"] = Token }, [], checkCommandLine: true);

    /// <summary>Starts the server, creates a project with <see cref="Token"/> (201), stops it by SIGTERM; returns its output.</summary>
    private static async Task<(string Stdout, string Stderr)> ServeAndCreateProjectAsync(IReadOnlyDictionary<string, string?> environment,
        string[] flags, bool checkCommandLine)
    {
        var ct = TestContext.Current.CancellationToken;
        var dataDir = Directory.CreateTempSubdirectory("vitals-serve-admin-").FullName;
        var port = LoopbackTcp.RefusedPort().Port;
        using var process = CliRun.StartProcess(environment,
            ["serve", "--listen", $"127.0.0.1:{port}", "--data-dir", dataDir, .. flags]);
        try
        {
            var stdout = new List<string>();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                stdout.Add(line);
                if (line.StartsWith("vitals listening on", StringComparison.Ordinal))
                {
                    break;
                }
            }

            if (process.HasExited)
            {
                Assert.Fail($"the server ended: {string.Join('\n', stdout)}\n{await process.StandardError.ReadToEndAsync(ct)}");
            }

            if (checkCommandLine)
            {
                var commandLine = await File.ReadAllTextAsync($"/proc/{process.Id.ToString(CultureInfo.InvariantCulture)}/cmdline", ct);
                Assert.DoesNotContain(Token, commandLine, StringComparison.Ordinal);
            }

            using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            using var created = await admin.PostAsJsonAsync("/api/v1/projects", new { name = "from-serve" }, ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

            using (Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
            }

            var rest = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = await process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
            return (string.Join('\n', stdout) + "\n" + rest, stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            Directory.Delete(dataDir, recursive: true);
        }
    }
}
