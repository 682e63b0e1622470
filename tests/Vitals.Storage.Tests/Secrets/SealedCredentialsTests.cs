using System.Security.Cryptography;
using Dapper;
using Microsoft.Data.Sqlite;
using Vitals.Core.Resources;
using Vitals.Storage.Secrets;
using Vitals.Storage.Sqlite;

namespace Vitals.Storage.Tests.Secrets;

/// <summary>The store with a secrets key, on a real SQLite file: rows hold sealed values, callers see plain ones.</summary>
public sealed class SealedCredentialsTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vitals-sealed-").FullName;
    private readonly SecretsKey _key = SecretsKey.FromBytes(RandomNumberGenerator.GetBytes(SecretsKey.Length));
    private SqliteStore _sut = null!;
    private string _project = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string DatabasePath => Path.Combine(_directory, "vitals.db");

    public async ValueTask InitializeAsync()
    {
        _sut = await SqliteStore.OpenAsync(DatabasePath, cancellationToken: Ct);
        await _sut.UseSecretsAsync(_key, Ct);
        _project = (await _sut.CreateProjectAsync(new Project("", "p", default), null, Ct)).Value!.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await _sut.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task OvhCredential_StoredHashedAndSealed_FoundListedAndRevokedByItsConsumerKey()
    {
        var added = await _sut.AddCredentialAsync(new Credential
        {
            ProjectId = _project, Kind = CredentialKind.Ovh, KeyId = "consumerKEY0123456789abcdefghijkl", Secret = "applicationSECRET", Extra = "appkey",
        }, Ct);

        Assert.Equal(("consumerKEY0123456789abcdefghijkl", "applicationSECRET"), (added.Value!.KeyId, added.Value.Secret));
        var row = await RawAsync();
        Assert.StartsWith("ck-sha256:", row.KeyId, StringComparison.Ordinal);
        Assert.StartsWith(SecretCipher.Prefix, row.Secret, StringComparison.Ordinal);
        var found = await _sut.FindCredentialAsync(CredentialKind.Ovh, "consumerKEY0123456789abcdefghijkl", Ct);
        Assert.Equal(("consumerKEY0123456789abcdefghijkl", "applicationSECRET", "appkey"), (found!.KeyId, found.Secret, found.Extra));
        Assert.Equal("applicationSECRET", Assert.Single(await _sut.ListCredentialsAsync(_project, Ct)).Secret);
        var revoked = await _sut.RevokeCredentialAsync(CredentialKind.Ovh, "consumerKEY0123456789abcdefghijkl", Ct);
        Assert.True(revoked.Value!.IsRevoked);
        Assert.Equal("consumerKEY0123456789abcdefghijkl", revoked.Value.KeyId);
    }

    [Fact]
    public async Task HuaweiAccessKey_SkSealed_AkInClear_FoundWithThePlainSk()
    {
        var added = await _sut.AddCredentialAsync(new Credential
        {
            ProjectId = _project, Kind = CredentialKind.HuaweiAccessKey, KeyId = "HWAK0123456789ABCDEF", Secret = "huaweiSK0123456789",
        }, Ct);

        Assert.Equal("huaweiSK0123456789", added.Value!.Secret);
        var row = await RawAsync();
        Assert.Equal("HWAK0123456789ABCDEF", row.KeyId);
        Assert.StartsWith(SecretCipher.Prefix, row.Secret, StringComparison.Ordinal);
        Assert.DoesNotContain("huaweiSK0123456789", row.Secret, StringComparison.Ordinal);
        Assert.Equal("huaweiSK0123456789", (await _sut.FindCredentialAsync(CredentialKind.HuaweiAccessKey, "HWAK0123456789ABCDEF", Ct))!.Secret);
    }

    [Fact]
    public async Task HuaweiAccessKey_StoredInClearWithoutAKey_SealedInPlaceWhenTheKeyComes()
    {
        await _sut.DisposeAsync();
        File.Delete(DatabasePath);
        await using (var plain = await SqliteStore.OpenAsync(DatabasePath, cancellationToken: Ct))
        {
            var project = (await plain.CreateProjectAsync(new Project("", "clear", default), null, Ct)).Value!.Id;
            Assert.True((await plain.AddCredentialAsync(new Credential
            {
                ProjectId = project, Kind = CredentialKind.HuaweiAccessKey, KeyId = "HWAKCLEAR00000000000", Secret = "clear-sk",
            }, Ct)).IsOk);
        }

        Assert.Equal("clear-sk", (await RawAsync()).Secret);
        _sut = await SqliteStore.OpenAsync(DatabasePath, cancellationToken: Ct);
        var migrated = await _sut.UseSecretsAsync(_key, Ct);

        Assert.Equal(1, migrated);
        Assert.StartsWith(SecretCipher.Prefix, (await RawAsync()).Secret, StringComparison.Ordinal);
        Assert.Equal("clear-sk", (await _sut.FindCredentialAsync(CredentialKind.HuaweiAccessKey, "HWAKCLEAR00000000000", Ct))!.Secret);
    }

    [Fact]
    public async Task SealedRowCopiedToAnotherKeyId_DoesNotOpen()
    {
        await AddAccessKeyAsync("LTAIfirst", "secret-one");
        await AddAccessKeyAsync("LTAIsecond", "secret-two");
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await connection.ExecuteAsync(
                "UPDATE credentials SET secret = (SELECT secret FROM credentials WHERE key_id = 'LTAIfirst') WHERE key_id = 'LTAIsecond'");
        }

        await Assert.ThrowsAsync<SecretsKeyException>(() => _sut.FindCredentialAsync(CredentialKind.AlibabaAccessKey, "LTAIsecond", Ct));
        Assert.Equal("secret-one", (await _sut.FindCredentialAsync(CredentialKind.AlibabaAccessKey, "LTAIfirst", Ct))!.Secret);
    }

    private async Task AddAccessKeyAsync(string id, string secret) =>
        Assert.True((await _sut.AddCredentialAsync(new Credential
        {
            ProjectId = _project, Kind = CredentialKind.AlibabaAccessKey, KeyId = id, Secret = secret,
        }, Ct)).IsOk);

    private async Task<(string KeyId, string Secret)> RawAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        return await connection.QuerySingleAsync<(string, string)>("SELECT key_id, secret FROM credentials");
    }
}
