using Vitals.Core.Resources;

namespace Vitals.Storage.Tests;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task CreateProject_FirstToken_IsNamedDefault_NeverExpires()
    {
        var project = await NewProjectAsync("acme", TokenHash.Compute("first"));

        var token = Assert.Single(await Sut.ListTokensAsync(project.Id, Ct));

        Assert.Equal(("default", TokenHash.Compute("first"), Start), (token.Name, token.Hash, token.CreatedAt));
        Assert.Null(token.ExpiresAt);
        Assert.Null(token.LastUsedAt);
        Assert.Equal(token, await Sut.FindTokenAsync(TokenHash.Compute("first"), Ct));
    }

    [Fact]
    public async Task CreateToken_ListGetFind_RoundTrip_ExpiryCutToTheMillisecond()
    {
        var project = await NewProjectAsync("acme", TokenHash.Compute("first"));
        var expires = Start.AddDays(30).AddTicks(4321);

        var created = Ok(await Sut.CreateTokenAsync(new ProjectToken { ProjectId = project.Id, Name = "ci", Hash = TokenHash.Compute("ci"), ExpiresAt = expires }, Ct));

        Assert.True(created.Id > 0);
        Assert.Equal(Start, created.CreatedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(expires.ToUnixTimeMilliseconds()), created.ExpiresAt);
        Assert.Equal(created, await Sut.GetTokenAsync(project.Id, created.Id, Ct));
        Assert.Equal(created, await Sut.FindTokenAsync(TokenHash.Compute("ci"), Ct));
        Assert.Equal(["default", "ci"], (await Sut.ListTokensAsync(project.Id, Ct)).Select(t => t.Name));
        await RestartAsync();
        Assert.Equal(created, await Sut.GetTokenAsync(project.Id, created.Id, Ct));
    }

    [Fact]
    public async Task CreateToken_NameOfAnActiveToken_ConflictOnName_FreeAgainOnceRevoked()
    {
        var project = await NewProjectAsync("acme");
        var first = Ok(await Sut.CreateTokenAsync(Token(project, "ci", "one"), Ct));

        AssertConflict(await Sut.CreateTokenAsync(Token(project, "ci", "two"), Ct), "name");
        Assert.Null(await Sut.FindTokenAsync(TokenHash.Compute("two"), Ct));
        Ok(await Sut.RevokeTokenAsync(project.Id, first.Id, Ct));
        var second = Ok(await Sut.CreateTokenAsync(Token(project, "ci", "two"), Ct));

        Assert.NotEqual(first.Id, second.Id);
        var other = await NewProjectAsync("other");
        Ok(await Sut.CreateTokenAsync(Token(other, "ci", "three"), Ct));
    }

    [Fact]
    public async Task CreateToken_UnknownProject_NotFound_TakenHash_Conflict()
    {
        var project = await NewProjectAsync("acme", TokenHash.Compute("taken"));

        AssertNotFound(await Sut.CreateTokenAsync(new ProjectToken { ProjectId = "prj-none", Name = "ci", Hash = TokenHash.Compute("x") }, Ct), "project_id");
        AssertConflict(await Sut.CreateTokenAsync(Token(project, "ci", "taken"), Ct), "key_id");
        Assert.Single(await Sut.ListTokensAsync(project.Id, Ct));
    }

    [Fact]
    public async Task RevokeToken_KeepsTheFirstInstant_ForeignOrUnknownIsNotFound()
    {
        var project = await NewProjectAsync("acme");
        var other = await NewProjectAsync("other");
        var token = Ok(await Sut.CreateTokenAsync(Token(project, "ci", "s"), Ct));

        AssertNotFound(await Sut.RevokeTokenAsync(other.Id, token.Id, Ct));
        AssertNotFound(await Sut.RevokeTokenAsync(project.Id, token.Id + 1000, Ct));
        var revoked = Ok(await Sut.RevokeTokenAsync(project.Id, token.Id, Ct));
        Time.Advance(TimeSpan.FromMinutes(5));
        var again = Ok(await Sut.RevokeTokenAsync(project.Id, token.Id, Ct));

        Assert.Equal(Start, revoked.RevokedAt);
        Assert.Equal(Start, again.RevokedAt);
        Assert.False(revoked.IsValidAt(Start));
        Assert.True((await Sut.FindTokenAsync(TokenHash.Compute("s"), Ct))!.IsRevoked);
    }

    [Fact]
    public async Task RotateToken_NewHashReplacesTheOld_RevokedIsConflict_ForeignIsNotFound()
    {
        var project = await NewProjectAsync("acme");
        var other = await NewProjectAsync("other");
        var token = Ok(await Sut.CreateTokenAsync(Token(project, "ci", "old"), Ct));

        AssertNotFound(await Sut.RotateTokenAsync(other.Id, token.Id, TokenHash.Compute("x"), Ct));
        var rotated = Ok(await Sut.RotateTokenAsync(project.Id, token.Id, TokenHash.Compute("new"), Ct));

        Assert.Equal((token.Id, "ci", TokenHash.Compute("new")), (rotated.Id, rotated.Name, rotated.Hash));
        Assert.Null(await Sut.FindTokenAsync(TokenHash.Compute("old"), Ct));
        Assert.Equal(rotated, await Sut.FindTokenAsync(TokenHash.Compute("new"), Ct));
        Ok(await Sut.RevokeTokenAsync(project.Id, token.Id, Ct));
        AssertConflict(await Sut.RotateTokenAsync(project.Id, token.Id, TokenHash.Compute("newer"), Ct), "id");
        Assert.NotNull(await Sut.FindTokenAsync(TokenHash.Compute("new"), Ct));
    }

    [Fact]
    public async Task TouchToken_RecordsTheLastUse_NeverMovesItBack()
    {
        var project = await NewProjectAsync("acme");
        var token = Ok(await Sut.CreateTokenAsync(Token(project, "ci", "s"), Ct));

        await Sut.TouchTokenAsync(token.Id, Start.AddMinutes(2), Ct);
        await Sut.TouchTokenAsync(token.Id, Start.AddMinutes(1), Ct);

        Assert.Equal(Start.AddMinutes(2), (await Sut.GetTokenAsync(project.Id, token.Id, Ct))!.LastUsedAt);
    }

    [Fact]
    public void IsValidAt_ExpiryIsExclusive()
    {
        var token = new ProjectToken { ProjectId = "p", Name = "n", Hash = "h", ExpiresAt = Start };

        Assert.True(token.IsValidAt(Start.AddMilliseconds(-1)));
        Assert.False(token.IsValidAt(Start));
        Assert.False((token with { ExpiresAt = null, RevokedAt = Start }).IsValidAt(Start));
    }

    private static ProjectToken Token(Project project, string name, string secret) =>
        new() { ProjectId = project.Id, Name = name, Hash = TokenHash.Compute(secret) };
}
