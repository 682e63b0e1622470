using System.Net;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Dialects.Huawei;

/// <summary><c>/api/v1/huawei-credentials</c>: issue, show, list and revoke Huawei AK/SK pairs per project.</summary>
public sealed class HuaweiCredentialEndpointsTests : IAsyncLifetime
{
    private const string Path = "/api/v1/huawei-credentials";
    private RunningServer _server = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        (_, _client) = await _server.CreateProjectAsync("hw");
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Create_ProjectToken_ShowsSecretOnce_ListAndShowHideIt()
    {
        var created = await _client.ApiPostAsync(Path, new { description = "terraform" });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var ak = created.Str("access");
        var sk = created.Str("secret");
        Assert.Matches("^[A-Z0-9]{20}$", ak);
        Assert.Matches("^[A-Za-z0-9]{40}$", sk);
        Assert.Equal("active", created.Str("status"));
        var list = await _client.ApiGetAsync(Path);
        var listed = Assert.Single(list.Body.GetProperty("credentials").EnumerateArray());
        Assert.Equal(ak, listed.GetProperty("access").GetString());
        Assert.Equal("terraform", listed.GetProperty("description").GetString());
        Assert.False(listed.TryGetProperty("secret", out _));
        Assert.DoesNotContain(sk, list.Text, StringComparison.Ordinal);
        var shown = await _client.ApiGetAsync($"{Path}/{ak}");
        Assert.Equal(HttpStatusCode.OK, shown.Status);
        Assert.Equal(ak, shown.Str("access"));
        Assert.DoesNotContain(sk, shown.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"description\": 5}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{\"secret\": \"mine\"}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("description=x", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType)]
    public async Task Create_BadBody_Is4xxAndIssuesNothing(string body, string contentType, HttpStatusCode expected)
    {
        var answer = await _client.ApiSendAsync(HttpMethod.Post, Path, body, contentType);

        Assert.Equal(expected, answer.Status);
        Assert.Empty((await _client.ApiGetAsync(Path)).Body.GetProperty("credentials").EnumerateArray());
    }

    [Fact]
    public async Task Revoke_OwnAk_Inactive_OtherProjectsAk_NotFound()
    {
        var (_, other) = await _server.CreateProjectAsync("other");
        using (other)
        {
            var foreign = (await other.ApiPostAsync(Path, new { })).Str("access");
            var mine = (await _client.ApiPostAsync(Path, new { })).Str("access");

            Assert.Equal(HttpStatusCode.NotFound, (await _client.ApiGetAsync($"{Path}/{foreign}")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await _client.ApiDeleteAsync($"{Path}/{foreign}")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await _client.ApiDeleteAsync($"{Path}/no-such-ak")).Status);
            Assert.Equal(HttpStatusCode.NoContent, (await _client.ApiDeleteAsync($"{Path}/{mine}")).Status);

            var shown = await _client.ApiGetAsync($"{Path}/{mine}");
            Assert.Equal("inactive", shown.Str("status"));
            Assert.NotEqual(System.Text.Json.JsonValueKind.Null, shown.Body.GetProperty("revoked_at").ValueKind);
            Assert.Equal("active", (await other.ApiGetAsync($"{Path}/{foreign}")).Str("status"));
        }
    }

    [Fact]
    public async Task Admin_And_Anonymous_AreRefused()
    {
        using var admin = _server.Admin();
        using var anonymous = _server.Anonymous();

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.ApiPostAsync(Path, new { })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.ApiGetAsync(Path)).Status);
    }
}
