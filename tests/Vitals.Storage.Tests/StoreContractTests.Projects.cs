using Vitals.Core.Resources;

namespace Vitals.Storage.Tests;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task CreateProject_WithTokenHash_IsFoundByThatHashOnly()
    {
        var hash = TokenHash.Compute("s3cret-token");

        var project = await NewProjectAsync("acme", hash);

        Assert.StartsWith("prj-", project.Id, StringComparison.Ordinal);
        Assert.Equal("acme", project.Name);
        Assert.Equal(Start, project.CreatedAt);
        Assert.Equal(project, await Sut.FindProjectByTokenHashAsync(hash, Ct));
        Assert.Equal(project, await Sut.GetProjectAsync(project.Id, Ct));
        Assert.Null(await Sut.FindProjectByTokenHashAsync(TokenHash.Compute("other"), Ct));
        var token = Assert.Single(await Sut.ListCredentialsAsync(project.Id, Ct));
        Assert.Equal(CredentialKind.Token, token.Kind);
        Assert.Equal(hash, token.KeyId);
    }

    [Fact]
    public async Task CreateProject_GivenId_KeepsIt()
    {
        var project = Ok(await Sut.CreateProjectAsync(new Project("0123456789abcdef", "huawei-style", default), null, Ct));

        Assert.Equal("0123456789abcdef", project.Id);
        Assert.Empty(await Sut.ListCredentialsAsync(project.Id, Ct));
    }

    [Fact]
    public async Task CreateProject_DuplicateName_ConflictAndNothingWritten()
    {
        await NewProjectAsync("acme");

        var result = await Sut.CreateProjectAsync(new Project("", "acme", default), TokenHash.Compute("t2"), Ct);

        AssertConflict(result, "name");
        Assert.Single(await Sut.ListProjectsAsync(Ct));
        Assert.Null(await Sut.FindCredentialAsync(CredentialKind.Token, TokenHash.Compute("t2"), Ct));
    }

    [Fact]
    public async Task CreateProject_TokenHashTaken_ConflictAndProjectNotWritten()
    {
        var hash = TokenHash.Compute("shared");
        var first = await NewProjectAsync("one", hash);

        var result = await Sut.CreateProjectAsync(new Project("", "two", default), hash, Ct);

        AssertConflict(result, "key_id");
        Assert.Equal([first], await Sut.ListProjectsAsync(Ct));
    }

    [Fact]
    public async Task ListProjects_InCreationOrder()
    {
        var a = await NewProjectAsync("a");
        var b = await NewProjectAsync("b");
        var c = await NewProjectAsync();

        Assert.Equal([a, b, c], await Sut.ListProjectsAsync(Ct));
    }

    [Fact]
    public async Task AddCredential_EveryKind_RoundTripsEveryField()
    {
        var project = await NewProjectAsync("acme");
        var alibaba = new Credential
        {
            ProjectId = project.Id, Kind = CredentialKind.AlibabaAccessKey, KeyId = "LTAI5tExample", Secret = "ak-secret",
            Description = "sdk scripts",
        };
        var ovh = new Credential
        {
            ProjectId = project.Id, Kind = CredentialKind.Ovh, KeyId = "consumer-key", Secret = "app-secret", Extra = "app-key",
        };
        var admin = new Credential { Kind = CredentialKind.AdminToken, KeyId = TokenHash.Compute("root") };

        var storedAlibaba = Ok(await Sut.AddCredentialAsync(alibaba, Ct));
        Time.Advance(TimeSpan.FromSeconds(1));
        var storedOvh = Ok(await Sut.AddCredentialAsync(ovh, Ct));
        var storedAdmin = Ok(await Sut.AddCredentialAsync(admin, Ct));

        Assert.Equal(alibaba with { NumericId = storedAlibaba.NumericId, CreatedAt = Start }, storedAlibaba);
        Assert.Equal(ovh with { NumericId = storedOvh.NumericId, CreatedAt = Start.AddSeconds(1) }, storedOvh);
        Assert.True(storedOvh.NumericId > storedAlibaba.NumericId);
        Assert.Equal(storedAlibaba, await Sut.FindCredentialAsync(CredentialKind.AlibabaAccessKey, "LTAI5tExample", Ct));
        Assert.Null(await Sut.FindCredentialAsync(CredentialKind.Ovh, "LTAI5tExample", Ct));
        Assert.Equal([storedAlibaba, storedOvh], await Sut.ListCredentialsAsync(project.Id, Ct));
        Assert.Equal([storedAdmin], await Sut.ListCredentialsAsync(null, Ct));
        Assert.Null(storedAdmin.ProjectId);
        Assert.False(storedAdmin.IsRevoked);
    }

    [Fact]
    public async Task AddCredential_DuplicateKindAndKey_Conflict()
    {
        var project = await NewProjectAsync();
        var credential = new Credential { ProjectId = project.Id, Kind = CredentialKind.AlibabaAccessKey, KeyId = "AK1", Secret = "x" };
        Ok(await Sut.AddCredentialAsync(credential, Ct));

        AssertConflict(await Sut.AddCredentialAsync(credential with { Secret = "y" }, Ct), "key_id");
        Ok(await Sut.AddCredentialAsync(credential with { Kind = CredentialKind.Ovh }, Ct));
        Assert.Equal("x", (await Sut.FindCredentialAsync(CredentialKind.AlibabaAccessKey, "AK1", Ct))!.Secret);
    }

    [Fact]
    public async Task AddCredential_UnknownProject_NotFound()
    {
        var result = await Sut.AddCredentialAsync(
            new Credential { ProjectId = "prj-missing", Kind = CredentialKind.AlibabaAccessKey, KeyId = "AK1" }, Ct);

        AssertNotFound(result, "project_id");
        Assert.Null(await Sut.FindCredentialAsync(CredentialKind.AlibabaAccessKey, "AK1", Ct));
    }

    [Fact]
    public async Task RevokeCredential_Token_ProjectNoLongerFoundAndFirstInstantKept()
    {
        var hash = TokenHash.Compute("t");
        await NewProjectAsync("acme", hash);
        Time.Advance(TimeSpan.FromMinutes(5));

        var revoked = Ok(await Sut.RevokeCredentialAsync(CredentialKind.Token, hash, Ct));
        Time.Advance(TimeSpan.FromMinutes(5));
        var again = Ok(await Sut.RevokeCredentialAsync(CredentialKind.Token, hash, Ct));

        Assert.Equal(Start.AddMinutes(5), revoked.RevokedAt);
        Assert.Equal(revoked, again);
        Assert.True((await Sut.FindCredentialAsync(CredentialKind.Token, hash, Ct))!.IsRevoked);
        Assert.Null(await Sut.FindProjectByTokenHashAsync(hash, Ct));
    }

    [Fact]
    public async Task RevokeCredential_Unknown_NotFound()
    {
        AssertNotFound(await Sut.RevokeCredentialAsync(CredentialKind.AlibabaAccessKey, "nope", Ct));
    }
}
