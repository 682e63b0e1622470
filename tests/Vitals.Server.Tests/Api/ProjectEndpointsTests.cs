using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Api;

public sealed class ProjectEndpointsTests
{
    [Fact]
    public async Task Create_WithAdminToken_ReturnsProjectAndAWorkingToken()
    {
        await using var server = await RunningServer.StartAsync();
        var (projectId, client) = await server.CreateProjectAsync("team-a");

        Assert.StartsWith("prj-", projectId, StringComparison.Ordinal);
        using var admin = server.Admin();
        var list = await admin.GetStringAsync("/api/v1/projects", TestContext.Current.CancellationToken);
        Assert.Contains(projectId, list, StringComparison.Ordinal);
        client.Dispose();
    }

    [Fact]
    public async Task Create_WithoutToken_Is401ProblemJson()
    {
        await using var server = await RunningServer.StartAsync();
        using var anonymous = server.Anonymous();

        using var response = await anonymous.PostAsJsonAsync("/api/v1/projects", new { name = "x" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Create_WithProjectToken_Is403()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, client) = await server.CreateProjectAsync();

        using var response = await client.PostAsJsonAsync("/api/v1/projects", new { name = "x" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        client.Dispose();
    }

    [Fact]
    public async Task Create_WithAdminToken_Is201WithLocation()
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Admin();

        using var response = await admin.PostAsJsonAsync("/api/v1/projects", new { name = "team-b" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var id = doc.RootElement.GetProperty("project").GetProperty("id").GetString();
        Assert.Equal($"/api/v1/projects/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("team-b", doc.RootElement.GetProperty("project").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("{\"name\": \"\"}", "name")]
    [InlineData("{\"name\": \"   \"}", "name")]
    [InlineData("{}", "name")]
    [InlineData("{\"name\": null}", "name")]
    [InlineData("{\"name\": 5}", "name")]
    [InlineData("{\"name\": \"x\", \"colour\": \"red\"}", "colour")]
    [InlineData("{not json", "body")]
    [InlineData("[1]", "body")]
    public async Task Create_BadInput_Is400NamingTheField_AndCreatesNothing(string body, string field)
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Admin();

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await admin.PostAsync("/api/v1/projects", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using (var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)))
        {
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.ToString());
        }

        using var listResponse = await admin.GetAsync("/api/v1/projects", TestContext.Current.CancellationToken);
        using var doc = JsonDocument.Parse(await listResponse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, doc.RootElement.GetProperty("projects").GetArrayLength());
    }

    [Fact]
    public async Task Create_NotJson_Is415()
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Admin();

        using var content = new StringContent("name=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await admin.PostAsync("/api/v1/projects", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"name\": 5}")]
    [InlineData("{\"name\": \"x\", \"colour\": \"red\"}")]
    [InlineData("{not json")]
    public async Task Create_BadJson_Is400NotA500(string body)
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Admin();

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await admin.PostAsync("/api/v1/projects", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var listResponse = await admin.GetAsync("/api/v1/projects", TestContext.Current.CancellationToken);
        using var doc = JsonDocument.Parse(await listResponse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, doc.RootElement.GetProperty("projects").GetArrayLength());
    }
}
