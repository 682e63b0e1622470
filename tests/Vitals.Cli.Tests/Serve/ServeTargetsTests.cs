using Vitals.Cli.Serve;
using Vitals.Server;

namespace Vitals.Cli.Tests.Serve;

/// <summary><c>--allow-targets</c> and <c>--deny-targets</c>: flag, then environment; a bad network names the flag.</summary>
public sealed class ServeTargetsTests
{
    [Fact]
    public void TryCreate_Flags_SetTheLists()
    {
        var ok = TryCreate(["--allow-targets", "127.0.0.0/8,::1", "--deny-targets", "10.9.0.0/16"], static _ => null, out var settings, out var errors);

        Assert.True(ok, string.Join('\n', errors));
        Assert.Equal(["127.0.0.0/8,::1"], settings.AllowTargets);
        Assert.Equal(["10.9.0.0/16"], settings.DenyTargets);
    }

    [Fact]
    public void TryCreate_Environment_ReadWhenTheFlagIsAbsent_TheFlagWins()
    {
        var environment = new Dictionary<string, string?>
        {
            [ServeOptions.AllowTargetsVariable] = "192.0.2.0/24",
            [ServeOptions.DenyTargetsVariable] = "10.0.0.0/8",
        };

        var ok = TryCreate(["--deny-targets", "172.16.0.0/12"], name => environment.GetValueOrDefault(name), out var settings, out var errors);

        Assert.True(ok, string.Join('\n', errors));
        Assert.Equal(["192.0.2.0/24"], settings.AllowTargets);
        Assert.Equal(["172.16.0.0/12"], settings.DenyTargets);
    }

    [Fact]
    public void TryCreate_Nothing_EmptyLists()
    {
        Assert.True(TryCreate([], static _ => null, out var settings, out _));

        Assert.Empty(settings.AllowTargets);
        Assert.Empty(settings.DenyTargets);
    }

    [Fact]
    public void TryCreate_AllowSockets_FlagThenEnvironment_AbsentIsTheDefault_EmptyIsNone()
    {
        var environment = new Dictionary<string, string?> { [ServeOptions.AllowSocketsVariable] = "/srv/haproxy" };

        Assert.True(TryCreate(["--allow-sockets", "/opt/lb,/srv/lb"], name => environment.GetValueOrDefault(name), out var flag, out _));
        Assert.True(TryCreate([], name => environment.GetValueOrDefault(name), out var fromEnvironment, out _));
        Assert.True(TryCreate([], static _ => null, out var absent, out _));
        Assert.True(TryCreate(["--allow-sockets", ""], static _ => null, out var empty, out _));

        Assert.Equal(["/opt/lb,/srv/lb"], flag.AllowSockets);
        Assert.Equal(["/srv/haproxy"], fromEnvironment.AllowSockets);
        Assert.Null(absent.AllowSockets);
        Assert.Equal(["/run/haproxy", "/var/run/haproxy"], absent.SocketPolicy([])!.Directories);
        Assert.Empty(empty.SocketPolicy([])!.Directories);
    }

    [Theory]
    [InlineData("relative/dir")]
    [InlineData("/run/../var/run")]
    public void TryCreate_BadSocketDirectory_NamesTheFlag(string value)
    {
        Assert.False(TryCreate(["--allow-sockets", value], static _ => null, out _, out var errors));

        Assert.Contains(errors, e => e.StartsWith($"--allow-sockets: '{value}' is not an absolute directory", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--allow-targets", "10.0.0.1/8", "--allow-targets: '10.0.0.1/8' has address bits set past its prefix: did you mean 10.0.0.0/8?")]
    [InlineData("--deny-targets", "10.0.0.0/40", "--deny-targets: '10.0.0.0/40' has a bad prefix length: 0 to 32 for an IPv4 network")]
    [InlineData("--allow-targets", "localhost", "--allow-targets: 'localhost' is not a network")]
    public void TryCreate_BadNetwork_NamesTheFlag(string flag, string value, string message)
    {
        Assert.False(TryCreate([flag, value], static _ => null, out _, out var errors));

        Assert.Contains(errors, e => e.StartsWith(message, StringComparison.Ordinal));
    }

    private static bool TryCreate(string[] flags, Func<string, string?> environment, out VitalsServerOptions settings, out List<string> errors)
    {
        var options = new ServeOptions();
        var command = new System.CommandLine.Command("serve");
        options.AddTo(command);
        var parseResult = command.Parse(flags);
        Assert.Empty(parseResult.Errors);
        return ServeSettings.TryCreate(parseResult, options, environment, out settings, out errors);
    }
}
