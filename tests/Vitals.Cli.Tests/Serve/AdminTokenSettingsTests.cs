using Vitals.Cli.Serve;
using Vitals.Cli.Tests.Support;
using Vitals.Server;

namespace Vitals.Cli.Tests.Serve;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AdminTokenSettingsTests
{
    private const string Good = "admin-token-0123456789abcdefghij";

    [Fact]
    public void TryCreate_TokenFlag_IsTaken()
    {
        var ok = TryCreate(["--admin-token", Good], NoVariable, out var settings, out var errors);

        Assert.True(ok, string.Join('\n', errors));
        Assert.Equal(Good, settings.AdminToken);
    }

    [Fact]
    public void TryCreate_EnvironmentVariable_IsTakenWhenNoFlag()
    {
        var ok = TryCreate([], Variable(Good), out var settings, out var errors);

        Assert.True(ok, string.Join('\n', errors));
        Assert.Equal(Good, settings.AdminToken);
    }

    [Fact]
    public void TryCreate_EmptyEnvironmentVariable_IsNoAdmin()
    {
        var ok = TryCreate([], Variable(""), out var settings, out _);

        Assert.True(ok);
        Assert.Null(settings.AdminToken);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("")]
    public void TryCreate_TokenFile_IsReadWithoutItsTrailingNewline(string end)
    {
        using var file = new TempFile(Good + end);

        var ok = TryCreate(["--admin-token-file", file.Path], Variable("env-token-0123456789abcdefghijkl"), out var settings, out var errors);

        Assert.True(ok, string.Join('\n', errors));
        Assert.Equal(Good, settings.AdminToken);
    }

    [Fact]
    public void TryCreate_FlagAndFile_IsAUsageError()
    {
        using var file = new TempFile(Good);

        var ok = TryCreate(["--admin-token", Good, "--admin-token-file", file.Path], NoVariable, out _, out var errors);

        Assert.False(ok);
        Assert.Equal("--admin-token and --admin-token-file: give one of them", Assert.Single(errors));
    }

    [Fact]
    public void TryCreate_MissingFile_NamesTheFlag()
    {
        var ok = TryCreate(["--admin-token-file", "/nonexistent/vitals-admin-token"], NoVariable, out _, out var errors);

        Assert.False(ok);
        Assert.StartsWith("--admin-token-file: cannot read /nonexistent/vitals-admin-token", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_FileOfSeveralLines_IsRefused()
    {
        using var file = new TempFile(Good + "\nsecond line\n");

        var ok = TryCreate(["--admin-token-file", file.Path], NoVariable, out _, out var errors);

        Assert.False(ok);
        Assert.Contains("more than one line", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--admin-token")]
    [InlineData("--admin-token-file")]
    [InlineData("$VITALS_ADMIN_TOKEN")]
    public void TryCreate_ShortToken_NamesItsSourceAndTheMinimum_WithoutTheToken(string source)
    {
        const string Short = "only-23-characters-long";
        Assert.Equal(VitalsServerOptions.MinAdminTokenLength - 1, Short.Length);
        using var file = new TempFile(Short + "\n");
        string[] flags = source switch
        {
            "--admin-token" => ["--admin-token", Short],
            "--admin-token-file" => ["--admin-token-file", file.Path],
            _ => [],
        };

        var ok = TryCreate(flags, source.StartsWith('$') ? Variable(Short) : NoVariable, out _, out var errors);

        Assert.False(ok);
        var error = Assert.Single(errors);
        Assert.StartsWith($"{source}: the admin token must be at least 24 characters (got 23)", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Short, error, StringComparison.Ordinal);
    }

    [Fact]
    public void LooseModeWarning_GroupOrOthersCanRead_Warns_OwnerOnly_DoesNot()
    {
        using var file = new TempFile(Good);

        File.SetUnixFileMode(file.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Null(AdminTokenSettings.LooseModeWarning(file.Path));

        File.SetUnixFileMode(file.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Assert.Equal($"warning: --admin-token-file {file.Path} is accessible to other users (mode 0644): chmod 600 it",
            AdminTokenSettings.LooseModeWarning(file.Path));
    }

    private static string? NoVariable(string name) => null;

    private static Func<string, string?> Variable(string value) => name => name == "VITALS_ADMIN_TOKEN" ? value : null;

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
