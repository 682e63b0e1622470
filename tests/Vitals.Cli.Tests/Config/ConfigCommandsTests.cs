using System.Text.Json;
using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Config;

/// <summary><c>vitals config</c> contexts, run as the real process (its environment names the config file) against a real server.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ConfigCommandsTests
{
    [Fact]
    public async Task Contexts_SetUseAndList_ChooseTheServer_FlagsAndEnvironmentStillWin()
    {
        await using var server = await CliTestServer.StartAsync();
        Assert.Equal(0, (await server.ApplyAsync(FleetYaml.Web(8081, 8082))).ExitCode);
        var dir = Directory.CreateTempSubdirectory("vitals-ctx-").FullName;
        try
        {
            var env = new Dictionary<string, string?>
            {
                ["VITALS_CONFIG"] = Path.Combine(dir, "sub", "config.yaml"),
                ["VITALS_SERVER"] = null,
                ["VITALS_TOKEN"] = null,
                ["VITALS_CONTEXT"] = null,
            };
            var dead = $"http://127.0.0.1:{LoopbackPorts.Closed()}";

            Assert.Equal(0, (await CliRun.ProcessAsync(env, "config", "set-context", "live", "--server", server.Url, "--token", server.Token)).ExitCode);
            Assert.Equal(0, (await CliRun.ProcessAsync(env, "config", "set-context", "dead", "--server", dead, "--token", "x")).ExitCode);
            var noCurrent = await CliRun.ProcessAsync(env, "get", "lb", "-o", "name", "--request-timeout", "5", "--server", dead);
            var useLive = await CliRun.ProcessAsync(env, "config", "use-context", "live");
            var viaLive = await CliRun.ProcessAsync(env, "get", "lb", "-o", "name");
            Assert.Equal(0, (await CliRun.ProcessAsync(env, "config", "use-context", "dead")).ExitCode);
            var viaDead = await CliRun.ProcessAsync(env, "get", "lb", "-o", "name", "--request-timeout", "5");
            var flagWins = await CliRun.ProcessAsync(env, "get", "lb", "-o", "name", "--server", server.Url, "--token", server.Token);
            var contextFlag = await CliRun.ProcessAsync(env, "get", "lb", "-o", "name", "--context", "live");
            var envWins = await CliRun.ProcessAsync(new Dictionary<string, string?>(env) { ["VITALS_SERVER"] = server.Url, ["VITALS_TOKEN"] = server.Token },
                "get", "lb", "-o", "name");
            var unknown = await CliRun.ProcessAsync(env, "config", "use-context", "nope");
            var badName = await CliRun.ProcessAsync(env, "config", "set-context", "a b", "--server", server.Url);
            var list = await CliRun.ProcessAsync(env, "config", "get-contexts", "-o", "json");
            var table = await CliRun.ProcessAsync(env, "config", "get-contexts");
            var yaml = await CliRun.ProcessAsync(env, "config", "get-contexts", "-o", "yaml");

            Assert.Equal(3, noCurrent.ExitCode);
            Assert.True(useLive.ExitCode == 0, useLive.Stderr);
            Assert.Equal("switched to context live\n", useLive.Stdout);
            Assert.True(viaLive.ExitCode == 0, viaLive.Stderr);
            Assert.Equal("loadbalancer/edge\n", viaLive.Stdout);
            Assert.Equal(3, viaDead.ExitCode);
            Assert.Contains("(from context dead in ", viaDead.Stderr, StringComparison.Ordinal);
            Assert.Equal("loadbalancer/edge\n", flagWins.Stdout);
            Assert.Equal("loadbalancer/edge\n", contextFlag.Stdout);
            Assert.Equal("loadbalancer/edge\n", envWins.Stdout);
            Assert.Equal(1, unknown.ExitCode);
            Assert.Equal(2, badName.ExitCode);
            var root = JsonDocument.Parse(list.Stdout).RootElement;
            Assert.Equal("dead", root.GetProperty("current_context").GetString());
            Assert.Equal(2, root.GetProperty("contexts").GetArrayLength());
            Assert.True(root.GetProperty("contexts")[0].GetProperty("token_set").GetBoolean());
            var errors = new Vitals.Core.Validation.FieldErrorList();
            var fromYaml = Vitals.Cli.Apply.YamlToJson.Parse(yaml.Stdout, errors)!;
            Assert.False(errors.HasErrors, yaml.Stdout);
            Assert.Equal("dead", fromYaml["current_context"]!.ToString());
            Assert.Equal("live", fromYaml["contexts"]![0]!["name"]!.ToString());
            Assert.Matches(@"(?m)^\*\s+dead\s+http://127\.0\.0\.1:\d+\s+set$", table.Stdout);
            Assert.DoesNotContain(server.Token, table.Stdout + list.Stdout, StringComparison.Ordinal);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(env["VITALS_CONFIG"]!));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(dir, "sub")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
