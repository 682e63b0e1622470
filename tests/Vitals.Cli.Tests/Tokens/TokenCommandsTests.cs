using System.Globalization;
using System.Text.Json;
using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Tokens;

/// <summary><c>vitals tokens create|list|revoke|rotate</c> against a real server.</summary>
public sealed class TokenCommandsTests
{
    [Fact]
    public async Task CreateListRotateRevoke_SecretShownOnce_OldSecretsRefused()
    {
        await using var server = await CliTestServer.StartAsync();

        var created = await server.RunAsync("tokens", "create", "ci", "-o", "json");
        Assert.True(created.ExitCode == 0, created.Stderr);
        var issued = JsonDocument.Parse(created.Stdout).RootElement;
        var id = issued.GetProperty("token").GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
        var secret = issued.GetProperty("secret").GetString()!;
        var asCi = await CliRun.InProcessAsync("tokens", "list", "--server", server.Url, "--token", secret);
        Assert.True(asCi.ExitCode == 0, asCi.Stderr);
        Assert.Contains("ci", asCi.Stdout, StringComparison.Ordinal);
        Assert.Contains("default", asCi.Stdout, StringComparison.Ordinal);
        Assert.Contains("active", asCi.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, asCi.Stdout, StringComparison.Ordinal);

        var rotated = await server.RunAsync("tokens", "rotate", id);
        Assert.True(rotated.ExitCode == 0, rotated.Stderr);
        Assert.Contains("never shows it again", rotated.Stdout, StringComparison.Ordinal);
        var newSecret = rotated.Stdout.Split('\n').Single(l => l.StartsWith("secret: ", StringComparison.Ordinal))["secret: ".Length..].Trim();
        Assert.NotEqual(secret, newSecret);
        Assert.Equal(2, (await CliRun.InProcessAsync("tokens", "list", "--server", server.Url, "--token", secret)).ExitCode);
        Assert.Equal(0, (await CliRun.InProcessAsync("tokens", "list", "--server", server.Url, "--token", newSecret)).ExitCode);

        var revoked = await server.RunAsync("tokens", "revoke", id);
        Assert.True(revoked.ExitCode == 0, revoked.Stderr);
        Assert.Equal(2, (await CliRun.InProcessAsync("tokens", "list", "--server", server.Url, "--token", newSecret)).ExitCode);
        var after = JsonDocument.Parse((await server.RunAsync("tokens", "list", "-o", "json")).Stdout).RootElement;
        var ci = Assert.Single(after.GetProperty("tokens").EnumerateArray(), t => t.GetProperty("name").GetString() == "ci");
        Assert.Equal("revoked", ci.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Create_ExpiresIn_SetsTheExpiry_AndAdminNamesTheProject()
    {
        await using var server = await CliTestServer.StartAsync();
        var before = TimeProvider.System.GetUtcNow();

        var created = await server.RunAsync("tokens", "create", "quarterly", "--expires-in", "90d", "-o", "json");

        Assert.True(created.ExitCode == 0, created.Stderr);
        var token = JsonDocument.Parse(created.Stdout).RootElement.GetProperty("token");
        var expires = token.GetProperty("expires_at").GetDateTimeOffset();
        Assert.InRange(expires, before.AddDays(90).AddSeconds(-2), TimeProvider.System.GetUtcNow().AddDays(90).AddSeconds(2));
        var project = token.GetProperty("project_id").GetString()!;
        var asAdmin = await CliRun.InProcessAsync("tokens", "list", "--project", project, "-o", "json", "--server", server.Url, "--token", CliTestServer.AdminToken);
        Assert.True(asAdmin.ExitCode == 0, asAdmin.Stderr);
        Assert.Equal(2, JsonDocument.Parse(asAdmin.Stdout).RootElement.GetProperty("tokens").GetArrayLength());
    }

    [Theory]
    [InlineData("--expires-in", "soon")]
    [InlineData("--expires-in", "0d")]
    [InlineData("--expires-at", "2000-01-01T00:00:00Z")]
    public async Task Create_BadExpiry_Exits2_AndCreatesNothing(string option, string value)
    {
        await using var server = await CliTestServer.StartAsync();

        var run = await server.RunAsync("tokens", "create", "ci", option, value);

        Assert.Equal(2, run.ExitCode);
        var list = JsonDocument.Parse((await server.RunAsync("tokens", "list", "-o", "json")).Stdout).RootElement;
        Assert.Single(list.GetProperty("tokens").EnumerateArray());
    }

    [Fact]
    public async Task RevokeOrRotate_UnknownId_Exits1()
    {
        await using var server = await CliTestServer.StartAsync();

        Assert.Equal(1, (await server.RunAsync("tokens", "revoke", "9999")).ExitCode);
        Assert.Equal(1, (await server.RunAsync("tokens", "rotate", "nope")).ExitCode);
    }
}
