using System.Diagnostics;
using Vitals.Cli.Serve;
using Vitals.Cli.Tests.Support;
using Vitals.Server;
using Vitals.Testing;

namespace Vitals.Cli.Tests.Serve;

/// <summary>
/// The configuration file of <c>vitals serve</c>: the usual order (file, then environment, then flags), every error of a
/// bad file listed at once with the usage exit code, the default locations, and the data directory outside the working tree.
/// </summary>
public sealed class ServeConfigFileTests
{
    private static readonly Func<string, string?> NoEnvironment = static _ => null;

    [Fact]
    public void TryCreate_FileEnvironmentAndFlags_FlagsWinOverEnvironmentWhichWinsOverTheFile()
    {
        using var file = new TempFile("""
            listen: 127.0.0.1:9001
            data-dir: /srv/vitals-from-file
            tick: 10ms
            max-in-flight: 100
            allow-targets: [10.0.0.0/8, 192.168.0.0/16]
            public-url: https://vitals.example.com/
            """);
        var environment = Environment(("VITALS_MAX_IN_FLIGHT", "200"), ("VITALS_PUBLIC_URL", "https://env.example.com/"));

        var ok = TryCreate(["--listen", "127.0.0.1:9003", "--public-url", "https://flag.example.com/"], environment, file.Path,
            out var settings, out var errors, out var origin);

        Assert.True(ok, string.Join('\n', errors));
        Assert.Equal("127.0.0.1:9003", settings.Listen);                 // flag over file
        Assert.Equal("https://flag.example.com/", settings.PublicUrl);  // flag over environment
        Assert.Equal(200, settings.Engine.MaxInFlight);                  // environment over file
        Assert.Equal(TimeSpan.FromMilliseconds(10), settings.Engine.Tick); // file over default
        Assert.Equal(["10.0.0.0/8,192.168.0.0/16"], settings.AllowTargets);
        Assert.Equal("/srv/vitals-from-file", settings.DataDir);
        Assert.Equal($"data-dir in {file.Path}", origin);
    }

    [Fact]
    public void TryCreate_AdminTokenInEnvironmentAndTokenFileInConfig_TheEnvironmentWins()
    {
        using var tokenFile = new TempFile("file-token-0123456789abcdefghij\n");
        using var file = new TempFile($"admin-token-file: {tokenFile.Path}\n");

        var fromFile = TryCreate([], NoEnvironment, file.Path, out var a, out _, out _);
        var fromEnvironment = TryCreate([], Environment(("VITALS_ADMIN_TOKEN", "env-token-0123456789abcdefghijk")), file.Path, out var b, out _, out _);

        Assert.True(fromFile && fromEnvironment);
        Assert.Equal("file-token-0123456789abcdefghij", a.AdminToken);
        Assert.Equal("env-token-0123456789abcdefghijk", b.AdminToken);
    }

    [Fact]
    public void TryCreate_BadValueInTheFile_NamesTheKeyAndTheFile()
    {
        using var file = new TempFile("jitter: 0.9\n");

        var ok = TryCreate([], NoEnvironment, file.Path, out _, out var errors, out _);

        Assert.False(ok);
        Assert.Equal([$"--jitter (from jitter in {file.Path}) must be from 0 to 0.5 (got 0.9)"], errors);
    }

    [Fact]
    public async Task Serve_ConfigWithSeveralErrors_ListsEveryOne_AndExitsWithTheUsageCode()
    {
        using var file = new TempFile("""
            listen: nowhere
            colour: blue
            jitter: 2
            tick: soon
            retries: 3
            """);

        var run = await CliRun.InProcessAsync("serve", "--config", file.Path);

        Assert.Equal(ExitCodes.InvalidUsage, run.ExitCode);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith($"{file.Path}:2: unknown setting 'colour' (known: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"{file.Path}:5: unknown setting 'retries'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("listen: --listen must be ADDRESS:PORT (got 'nowhere')", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"--jitter (from jitter in {file.Path}) must be from 0 to 0.5 (got 2)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"--tick (from tick in {file.Path}) must be from", StringComparison.Ordinal));
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public async Task Serve_MissingConfigFile_IsAUsageError()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"vitals-missing-{Guid.NewGuid():N}.yaml");

        var run = await CliRun.InProcessAsync("serve", "--config", missing);

        Assert.Equal(ExitCodes.InvalidUsage, run.ExitCode);
        Assert.StartsWith($"--config: cannot read {missing}: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void FindDefault_UserFileFirst_ThenTheSystemFile_ElseNone()
    {
        var user = Path.Combine("/home/ops/.config", "vitals", "vitals.yaml");
        var env = Environment(("HOME", "/home/ops"));

        Assert.Equal(user, ServeConfigFile.FindDefault(env, p => p == user || p == ServeConfigFile.SystemPath));
        Assert.Equal("/xdg/vitals/vitals.yaml", ServeConfigFile.FindDefault(Environment(("XDG_CONFIG_HOME", "/xdg")), p => p.StartsWith("/xdg/", StringComparison.Ordinal)));
        Assert.Equal(ServeConfigFile.SystemPath, ServeConfigFile.FindDefault(env, p => p == ServeConfigFile.SystemPath));
        Assert.Null(ServeConfigFile.FindDefault(env, static _ => false));
    }

    [Theory]
    [InlineData("STATE_DIRECTORY=/var/lib/vitals:/var/lib/other", "/var/lib/vitals", "$STATE_DIRECTORY")]
    [InlineData("INVOCATION_ID=abc", "/var/lib/vitals", "systemd service")]
    [InlineData("XDG_DATA_HOME=/data/home", "/data/home/vitals", "$XDG_DATA_HOME")]
    [InlineData("HOME=/home/ops", "/home/ops/.local/share/vitals", "default")]
    public void DataDirectory_NoneGiven_IsOutsideTheWorkingTree(string variable, string path, string origin)
    {
        var (name, value) = (variable.Split('=')[0], variable.Split('=', 2)[1]);

        var ok = TryCreate([], Environment((name, value)), null, out var settings, out _, out var from);

        Assert.True(ok);
        Assert.Equal((path, origin), (settings.DataDir, from));
    }

    [Fact]
    public async Task Serve_ConfigFile_StartsWithItsSettings_AndPrintsTheDataDirectoryAndTheFile()
    {
        var dataDir = Directory.CreateTempSubdirectory("vitals-config-").FullName;
        var port = LoopbackTcp.RefusedPort().Port;
        using var file = new TempFile($"listen: 127.0.0.1:{port}\ndata-dir: {dataDir}\nresult-history: 7\n");
        using var process = CliRun.StartProcess(new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = dataDir }, "serve", "--config", file.Path);
        try
        {
            var lines = await ReadLinesAsync(process, static l => l.StartsWith("config: ", StringComparison.Ordinal));

            Assert.Contains($"vitals listening on http://127.0.0.1:{port} (data: {dataDir})", lines);
            Assert.Contains($"data directory: {dataDir} (data-dir in {file.Path})", lines);
            Assert.Contains($"config: {file.Path}; health: http://127.0.0.1:{port}/healthz, readiness: http://127.0.0.1:{port}/readyz", lines);
            Assert.True(File.Exists(Path.Combine(dataDir, "vitals.db")));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_Demo_KeepsAThrowawayDataDirectory_DeletedAtExit()
    {
        var port = LoopbackTcp.RefusedPort().Port;
        using var process = CliRun.StartProcess("serve", "--demo", "--listen", $"127.0.0.1:{port}");
        var lines = await ReadLinesAsync(process, static l => l.StartsWith("data directory: ", StringComparison.Ordinal));
        var line = lines[^1];
        var dataDir = line["data directory: ".Length..line.IndexOf(" (", StringComparison.Ordinal)];
        Assert.EndsWith("(demo, deleted at exit)", line, StringComparison.Ordinal);
        Assert.StartsWith(Path.GetTempPath(), dataDir + "/", StringComparison.Ordinal);
        Assert.True(Directory.Exists(dataDir));

        using (Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
        }

        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(0, process.ExitCode);
        Assert.False(Directory.Exists(dataDir));
    }

    private static async Task<List<string>> ReadLinesAsync(Process process, Func<string, bool> until)
    {
        var lines = new List<string>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            lines.Add(line);
            if (until(line))
            {
                return lines;
            }
        }

        Assert.Fail($"serve ended early:\n{string.Join('\n', lines)}\n{await process.StandardError.ReadToEndAsync(timeout.Token)}");
        return lines;
    }

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    private static bool TryCreate(string[] flags, Func<string, string?> environment, string? configPath, out VitalsServerOptions settings,
        out List<string> errors, out string dataDirOrigin)
    {
        var options = new ServeOptions();
        var command = new System.CommandLine.Command("serve");
        options.AddTo(command);
        var parseResult = command.Parse(flags);
        Assert.Empty(parseResult.Errors);
        var fileErrors = new List<string>();
        var file = configPath is null ? null : ServeConfigFile.Read(configPath, options.FileKeys(), fileErrors);
        Assert.Empty(fileErrors);
        return ServeSettings.TryCreate(parseResult, options, new ServeSources(environment, file), out settings, out errors, out dataDirOrigin);
    }
}
