using System.Text.Json;
using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Credentials;

public sealed class CredentialCommandsTests
{
    [Fact]
    public async Task AccessKeys_CreateListRevoke_SecretShownOnceAndRevocationListed()
    {
        await using var server = await CliTestServer.StartAsync();

        var created = await server.RunAsync("access-keys", "create", "--description", "ci", "-o", "json");
        var issued = JsonDocument.Parse(created.Stdout).RootElement;
        var id = issued.GetProperty("access_key_id").GetString()!;
        var list = await server.RunAsync("access-keys", "list");
        var revoke = await server.RunAsync("access-keys", "revoke", id);
        var after = JsonDocument.Parse((await server.RunAsync("access-keys", "list", "-o", "json")).Stdout).RootElement;

        Assert.Equal(0, created.ExitCode);
        Assert.False(string.IsNullOrEmpty(issued.GetProperty("access_key_secret").GetString()));
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(id, list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(issued.GetProperty("access_key_secret").GetString()!, list.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, revoke.ExitCode);
        var key = Assert.Single(after.GetProperty("access_keys").EnumerateArray());
        Assert.Equal(JsonValueKind.String, key.GetProperty("revoked_at").ValueKind);
    }

    [Fact]
    public async Task OvhCredentials_CreateListRevoke_ConsumerKeyIsTheHandle()
    {
        await using var server = await CliTestServer.StartAsync();

        var created = await server.RunAsync("ovh-credentials", "create", "-o", "json");
        var issued = JsonDocument.Parse(created.Stdout).RootElement;
        var consumerKey = issued.GetProperty("consumer_key").GetString()!;
        var table = await server.RunAsync("ovh-credentials", "create");
        var revoke = await server.RunAsync("ovh-credentials", "revoke", consumerKey);
        var after = JsonDocument.Parse((await server.RunAsync("ovh-credentials", "list", "-o", "json")).Stdout).RootElement;

        Assert.Equal(0, created.ExitCode);
        Assert.False(string.IsNullOrEmpty(issued.GetProperty("application_secret").GetString()));
        Assert.Contains("application_secret: ", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("never shows it again", table.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, revoke.ExitCode);
        var credentials = after.GetProperty("credentials").EnumerateArray().ToList();
        Assert.Equal(2, credentials.Count);
        Assert.Single(credentials, c => c.GetProperty("revoked_at").ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task HuaweiCredentials_CreateListRevoke_AkIsTheHandle()
    {
        await using var server = await CliTestServer.StartAsync();

        var created = await server.RunAsync("huawei-credentials", "create", "--description", "terraform", "-o", "json");
        var issued = JsonDocument.Parse(created.Stdout).RootElement;
        var ak = issued.GetProperty("access").GetString()!;
        var sk = issued.GetProperty("secret").GetString()!;
        var list = await server.RunAsync("huawei-credentials", "list");
        var revoke = await server.RunAsync("huawei-credentials", "revoke", ak);
        var after = JsonDocument.Parse((await server.RunAsync("huawei-credentials", "list", "-o", "json")).Stdout).RootElement;

        Assert.Equal(0, created.ExitCode);
        Assert.Equal(40, sk.Length);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(ak, list.Stdout, StringComparison.Ordinal);
        Assert.Contains("terraform", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(sk, list.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, revoke.ExitCode);
        var key = Assert.Single(after.GetProperty("credentials").EnumerateArray());
        Assert.Equal("inactive", key.GetProperty("status").GetString());
        Assert.Equal(1, (await server.RunAsync("huawei-credentials", "revoke", "NOSUCHAK")).ExitCode);
    }

    [Fact]
    public async Task AccessKeys_RevokeUnknown_Exits1()
    {
        await using var server = await CliTestServer.StartAsync();

        var run = await server.RunAsync("access-keys", "revoke", "LTAIunknown");

        Assert.Equal(1, run.ExitCode);
    }
}
