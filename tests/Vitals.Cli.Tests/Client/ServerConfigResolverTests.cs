using Vitals.Cli.Client;

namespace Vitals.Cli.Tests.Client;

public sealed class ServerConfigResolverTests
{
    [Fact]
    public void TryResolve_FlagsWinOverEnvironment_WhichWinsOverTheFile()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "config.yaml");
        File.WriteAllText(file, "server: http://file.example:1\ntoken: file-token\n");
        var env = Env(("VITALS_CONFIG", file), ("VITALS_SERVER", "http://env.example:2"));

        Assert.True(ServerConfigResolver.TryResolve("http://flag.example:3", null, env, out var flags, out _));
        Assert.True(ServerConfigResolver.TryResolve(null, null, env, out var fromEnv, out _));
        Assert.True(ServerConfigResolver.TryResolve(null, "flag-token", Env(("VITALS_CONFIG", file)), out var fromFile, out _));

        Assert.Equal(("http://flag.example:3/", "file-token"), (flags!.Server.ToString(), flags.Token));
        Assert.Equal(("http://env.example:2/", "VITALS_SERVER"), (fromEnv!.Server.ToString(), fromEnv.Source));
        Assert.Equal(("http://file.example:1/", "flag-token"), (fromFile!.Server.ToString(), fromFile.Token));
    }

    [Fact]
    public void TryResolve_NothingConfigured_UsesTheServeDefault_AndXdgConfigHome()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "vitals"));
        File.WriteAllText(Path.Combine(dir.Path, "vitals", "config.yaml"), "token: xdg-token\n");

        Assert.True(ServerConfigResolver.TryResolve(null, null, Env(), out var none, out _));
        Assert.True(ServerConfigResolver.TryResolve(null, null, Env(("XDG_CONFIG_HOME", dir.Path)), out var xdg, out _));

        Assert.Equal("http://127.0.0.1:8080/", none!.Server.ToString());
        Assert.Null(none.Token);
        Assert.Equal("xdg-token", xdg!.Token);
    }

    [Theory]
    [InlineData("server: ftp://x\n", "server: must be an http or https URL")]
    [InlineData("servr: http://x\n", "unknown key 'servr' (allowed: server, token, current-context, contexts)")]
    [InlineData("[1, 2]\n", "must be a mapping with server: and token:")]
    public void TryResolve_BadFile_SaysWhatIsWrong(string content, string expected)
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "config.yaml");
        File.WriteAllText(file, content);

        Assert.False(ServerConfigResolver.TryResolve(null, null, Env(("VITALS_CONFIG", file)), out _, out var error));

        Assert.Contains(expected, error);
    }

    [Fact]
    public void TryResolve_Contexts_FlagThenEnvironmentThenCurrent_AndFlagsStillWin()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "config.yaml");
        File.WriteAllText(file, """
            server: http://top.example:1
            token: top-token
            current-context: a
            contexts:
              a:
                server: http://a.example:2
                token: a-token
              b:
                server: http://b.example:3
            """);
        var env = Env(("VITALS_CONFIG", file));

        Assert.True(ServerConfigResolver.TryResolve(null, null, null, env, out var current, out _));
        Assert.True(ServerConfigResolver.TryResolve(null, null, "b", env, out var flag, out _));
        Assert.True(ServerConfigResolver.TryResolve(null, null, null, Env(("VITALS_CONFIG", file), ("VITALS_CONTEXT", "b")), out var fromEnv, out _));
        Assert.True(ServerConfigResolver.TryResolve("http://flag.example:4", "flag-token", "b", env, out var flags, out _));
        Assert.False(ServerConfigResolver.TryResolve(null, null, "c", env, out _, out var error));

        Assert.Equal(("http://a.example:2/", "a-token", $"context a in {file}"), (current!.Server.ToString(), current.Token, current.Source));
        Assert.Equal(("http://b.example:3/", "top-token"), (flag!.Server.ToString(), flag.Token));
        Assert.Equal("http://b.example:3/", fromEnv!.Server.ToString());
        Assert.Equal(("http://flag.example:4/", "flag-token"), (flags!.Server.ToString(), flags.Token));
        Assert.Contains("context 'c' is not in", error, StringComparison.Ordinal);
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => Array.Find(values, v => v.Name == name).Value;

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("vitals-config-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
