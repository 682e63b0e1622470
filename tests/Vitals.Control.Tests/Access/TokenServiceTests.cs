using Microsoft.Extensions.Logging.Abstractions;
using Vitals.Control.Access;
using Vitals.Core.Resources;
using Vitals.Storage.Sqlite;
using Vitals.Testing;

namespace Vitals.Control.Tests.Access;

/// <summary><see cref="TokenService"/> over a real SQLite file and a manual clock: the cache, its forgetting, expiry, last use.</summary>
public sealed class TokenServiceTests : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"vitals-tokens-{Guid.NewGuid():N}.db");
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private SqliteStore _store = null!;
    private TokenService _sut = null!;
    private string _project = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = await SqliteStore.OpenAsync(_path, _time);
        _sut = new TokenService(_store, _time, NullLogger<TokenService>.Instance);
        _project = (await _store.CreateProjectAsync(new Project("", "acme", default), null, Ct)).Value!.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        foreach (var suffix in (string[])["", "-wal", "-shm"])
        {
            File.Delete(_path + suffix);
        }
    }

    [Fact]
    public async Task Authenticate_CachedToken_RevokedBehindTheCache_IsAcceptedUntilForget_ThenRefused()
    {
        var issued = (await _sut.CreateAsync(_project, "ci", null, Ct)).Value!;
        Assert.NotNull(await _sut.AuthenticateAsync(issued.Secret, Ct));

        // A revoke written by another node: this node's cache knows nothing of it until the feed says so.
        await _store.RevokeTokenAsync(_project, issued.Token.Id, Ct);
        Assert.NotNull(await _sut.AuthenticateAsync(issued.Secret, Ct));
        _sut.Forget(issued.Token.Id);

        Assert.Null(await _sut.AuthenticateAsync(issued.Secret, Ct));
    }

    [Fact]
    public async Task Revoke_And_Rotate_RefuseTheOldSecretOnTheNextCall()
    {
        var a = (await _sut.CreateAsync(_project, "a", null, Ct)).Value!;
        var b = (await _sut.CreateAsync(_project, "b", null, Ct)).Value!;
        Assert.NotNull(await _sut.AuthenticateAsync(a.Secret, Ct));
        Assert.NotNull(await _sut.AuthenticateAsync(b.Secret, Ct));

        Assert.True((await _sut.RevokeAsync(_project, a.Token.Id, Ct)).IsOk);
        var rotated = (await _sut.RotateAsync(_project, b.Token.Id, Ct)).Value!;

        Assert.Null(await _sut.AuthenticateAsync(a.Secret, Ct));
        Assert.Null(await _sut.AuthenticateAsync(b.Secret, Ct));
        Assert.Equal(b.Token.Id, (await _sut.AuthenticateAsync(rotated.Secret, Ct))!.Id);
    }

    [Fact]
    public async Task Expiry_RefusedAtTheInstant_WithoutAnyWrite()
    {
        var issued = (await _sut.CreateAsync(_project, "short", _time.GetUtcNow().AddMinutes(10), Ct)).Value!;
        Assert.NotNull(await _sut.AuthenticateAsync(issued.Secret, Ct));

        _time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        Assert.NotNull(await _sut.AuthenticateAsync(issued.Secret, Ct));
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Null(await _sut.AuthenticateAsync(issued.Secret, Ct));
        Assert.Null((await _store.GetTokenAsync(_project, issued.Token.Id, Ct))!.RevokedAt);
    }

    [Fact]
    public async Task LastUse_WrittenOnTheFirstCall_ThenAtMostOncePerInterval()
    {
        var issued = (await _sut.CreateAsync(_project, "ci", null, Ct)).Value!;
        var start = _time.GetUtcNow();

        await _sut.AuthenticateAsync(issued.Secret, Ct);
        _time.Advance(TokenService.TouchInterval - TimeSpan.FromSeconds(1));
        await _sut.AuthenticateAsync(issued.Secret, Ct);
        Assert.Equal(start, await LastUsedAsync(issued));

        _time.Advance(TimeSpan.FromSeconds(1));
        await _sut.AuthenticateAsync(issued.Secret, Ct);
        Assert.Equal(start + TokenService.TouchInterval, await LastUsedAsync(issued));
    }

    [Fact]
    public async Task Authenticate_UnknownSecret_IsNull()
    {
        Assert.Null(await _sut.AuthenticateAsync("vt_unknown", Ct));
        Assert.Null(await _sut.AuthenticateAsync("", Ct));
    }

    private async Task<DateTimeOffset?> LastUsedAsync(IssuedToken issued) => (await _store.GetTokenAsync(_project, issued.Token.Id, Ct))!.LastUsedAt;
}
