using System.Net;
using Vitals.Server.Tests.Api;

namespace Vitals.Server.Tests.Dialects.Alibaba;

/// <summary><c>/api/v1/access-keys</c>: issue, list and revoke Alibaba AccessKeys per project.</summary>
public sealed class AccessKeyEndpointsTests : IAsyncLifetime
{
    private AlibabaTestFleet _fleet = null!;

    public async ValueTask InitializeAsync() => _fleet = await AlibabaTestFleet.StartAsync();

    public async ValueTask DisposeAsync() => await _fleet.DisposeAsync();

    [Fact]
    public async Task Create_ProjectToken_ReturnsPairOnce_ListShowsNoSecret()
    {
        var created = await _fleet.Client.ApiPostAsync("/api/v1/access-keys", new { description = "ci" });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Str("access_key_id");
        Assert.Matches("^LTAI[A-Za-z0-9]{20}$", id);
        Assert.Equal(30, created.Str("access_key_secret").Length);
        Assert.Equal(_fleet.ProjectId, created.Str("project_id"));
        var list = await _fleet.Client.ApiGetAsync("/api/v1/access-keys");
        var listed = Assert.Single(list.Body.GetProperty("access_keys").EnumerateArray(), k => k.GetProperty("access_key_id").GetString() == id);
        Assert.Equal("ci", listed.GetProperty("description").GetString());
        Assert.Equal("Active", listed.GetProperty("status").GetString());
        Assert.False(listed.TryGetProperty("access_key_secret", out _));
        Assert.DoesNotContain(created.Str("access_key_secret"), list.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_NoBody_IsAccepted()
    {
        var created = await _fleet.Client.ApiSendAsync(HttpMethod.Post, "/api/v1/access-keys", null);

        Assert.Equal(HttpStatusCode.Created, created.Status);
    }

    [Theory]
    [InlineData("{\"description\": 5}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{\"secret\": \"mine\"}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("description=x", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType)]
    public async Task Create_BadBody_Is4xxAndIssuesNothing(string body, string contentType, HttpStatusCode expected)
    {
        var answer = await _fleet.Client.ApiSendAsync(HttpMethod.Post, "/api/v1/access-keys", body, contentType);

        Assert.Equal(expected, answer.Status);
        Assert.Single((await _fleet.Client.ApiGetAsync("/api/v1/access-keys")).Body.GetProperty("access_keys").EnumerateArray());
    }

    [Fact]
    public async Task Create_DescriptionTooLong_IsValidationProblem()
    {
        var answer = await _fleet.Client.ApiPostAsync("/api/v1/access-keys", new { description = new string('d', 256) });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.NotEmpty(answer.ErrorsOf("description"));
    }

    [Fact]
    public async Task Revoke_OwnKey_MarksInactive_OtherProjectsKey_IsNotFound()
    {
        var (otherId, other) = await _fleet.Server.CreateProjectAsync("other");
        using (other)
        {
            var (foreignKey, _) = await AlibabaTestFleet.IssueKeyAsync(other);

            Assert.Equal(HttpStatusCode.NotFound, (await _fleet.Client.ApiDeleteAsync($"/api/v1/access-keys/{foreignKey}")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await _fleet.Client.ApiDeleteAsync("/api/v1/access-keys/LTAI-no-such-key")).Status);
            Assert.Equal(HttpStatusCode.NoContent, (await _fleet.Client.ApiDeleteAsync($"/api/v1/access-keys/{_fleet.AccessKeyId}")).Status);

            var mine = (await _fleet.Client.ApiGetAsync("/api/v1/access-keys")).Body.GetProperty("access_keys")[0];
            Assert.Equal("Inactive", mine.GetProperty("status").GetString());
            var theirs = (await other.ApiGetAsync("/api/v1/access-keys")).Body.GetProperty("access_keys");
            Assert.Equal("Active", Assert.Single(theirs.EnumerateArray()).GetProperty("status").GetString());
            Assert.Equal(otherId, theirs[0].GetProperty("project_id").GetString());
        }
    }

    [Fact]
    public async Task AccessKeys_AdminOrAnonymous_AreRefused()
    {
        using var admin = _fleet.Server.Admin();
        using var anonymous = _fleet.Server.Anonymous();

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.ApiPostAsync("/api/v1/access-keys", new { })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.ApiGetAsync("/api/v1/access-keys")).Status);
    }
}
