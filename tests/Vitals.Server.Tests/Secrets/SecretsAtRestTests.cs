using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Dialects.Ovh.Iplb;
using Vitals.Server.Tests.Support;
using Vitals.Storage.Secrets;

namespace Vitals.Server.Tests.Secrets;

/// <summary>
/// Secrets at rest on a real server with a real SQLite file (docs/security.md, "Secrets at rest"): the data directory
/// and its files are the owner's only from the first start, issued secrets are never in the files' bytes, an older
/// plain-text database is sealed in place and keeps verifying signatures, and a wrong key stops the start.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecretsAtRestTests : IDisposable
{
    private const UnixFileMode Dir0700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode File0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _root = Directory.CreateTempSubdirectory("vitals-secrets-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task FirstStart_DataDirectoryAndEveryFile_AreOwnerOnly()
    {
        var dataDir = Path.Combine(_root, "fresh", "data");
        await using var server = await RunningServer.StartAsync(dataDir: dataDir, options: static o => o.TlsListen = "127.0.0.1:0");
        var (_, project) = await server.CreateProjectAsync("modes");
        using var _ = project;
        await SignedCalls.IssueAccessKeyAsync(project);

        Assert.Equal(Dir0700, File.GetUnixFileMode(dataDir));
        Assert.Equal(Dir0700, File.GetUnixFileMode(Path.Combine(_root, "fresh"))); // missing parents too
        var expected = new[] { "vitals.db", "vitals.db-wal", "vitals.db-shm", "secrets.key", "tls/key.pem", "tls/cert.pem" };
        foreach (var name in expected)
        {
            Assert.True(File.Exists(Path.Combine(dataDir, name)), name + " exists");
        }

        Assert.Equal(Dir0700, File.GetUnixFileMode(Path.Combine(dataDir, "tls")));
        var modes = Directory.EnumerateFiles(dataDir, "*", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(dataDir, f), File.GetUnixFileMode(f))).ToList();
        Assert.All(modes, m => Assert.True(m.Item2 == File0600, $"{m.Item1} is {m.Item2}"));
    }

    [Fact]
    public async Task ExistingWideModes_AreNarrowedAtStart_AndLoggedOnce()
    {
        var dataDir = Path.Combine(_root, "wide");
        var values = await LegacyCredentials.WriteAsync(CreateDataDir(dataDir));
        File.SetUnixFileMode(dataDir, Dir0700 | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(Path.Combine(dataDir, "vitals.db"), File0600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var logs = new CapturedLogs();

        await using var server = await RunningServer.StartAsync(dataDir: dataDir, configure: s => s.AddSingleton<ILoggerProvider>(logs));

        Assert.Equal(Dir0700, File.GetUnixFileMode(dataDir));
        Assert.Equal(File0600, File.GetUnixFileMode(Path.Combine(dataDir, "vitals.db")));
        var narrowed = Assert.Single(logs.Lines, l => l.Contains(" 4700 ", StringComparison.Ordinal));
        Assert.Contains("vitals.db", narrowed, StringComparison.Ordinal);
        Assert.DoesNotContain(values.AccessKeySecret, logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssuedSecrets_AreNotInTheDatabaseFiles_AndSignaturesVerify()
    {
        var logs = new CapturedLogs();
        await using var server = await RunningServer.StartAsync(configure: s => s.AddSingleton<ILoggerProvider>(logs));
        var (_, project) = await server.CreateProjectAsync("at-rest");
        using var _ = project;
        var (keyId, keySecret) = await SignedCalls.IssueAccessKeyAsync(project);
        var ovh = await SignedCalls.IssueOvhAsync(project);

        // While the server runs the new rows are in the WAL; both files are read as they are on disk.
        var secrets = new[] { keySecret, ovh.ApplicationSecret, ovh.ConsumerKey };
        var database = Path.Combine(server.DataDir, "vitals.db");
        Assert.True(new FileInfo(database + "-wal").Length > 0);
        Assert.Empty(LegacyCredentials.FoundIn(secrets, database, database + "-wal"));

        Assert.Equal(HttpStatusCode.OK, (await SignedCalls.AlibabaAsync(server.BaseAddress, keyId, keySecret)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SignedCalls.OvhAsync(server.BaseAddress, ovh)).Status);

        // The list still shows the consumer key (stored as a hash, sealed beside the secret), and revoking by it works.
        var listed = await project.ApiGetAsync("/api/v1/ovh-credentials");
        Assert.Contains(ovh.ConsumerKey, listed.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(ovh.ApplicationSecret, listed.Text, StringComparison.Ordinal);

        // Wrong secrets: refused in each dialect's words, with no secret in the answer or the log.
        var badAlibaba = await SignedCalls.AlibabaAsync(server.BaseAddress, keyId, "not-the-secret");
        var badOvh = await SignedCalls.OvhAsync(server.BaseAddress, ovh with { ApplicationSecret = "not-the-secret" });
        Assert.Contains("SignatureDoesNotMatch", badAlibaba.Body, StringComparison.Ordinal);
        Assert.True(badOvh.Status is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, badOvh.ToString());
        foreach (var secret in secrets.Take(2))
        {
            Assert.DoesNotContain(secret, badAlibaba.Body + badOvh.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, logs.All, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await project.ApiDeleteAsync($"/api/v1/ovh-credentials/{ovh.ConsumerKey}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SignedCalls.OvhAsync(server.BaseAddress, ovh)).Status);

        // After a restart (the WAL checkpointed into the database file) the key still opens them, and they are still sealed.
        await server.RestartAsync();
        Assert.Equal(HttpStatusCode.OK, (await SignedCalls.AlibabaAsync(server.BaseAddress, keyId, keySecret)).Status);
        Assert.Empty(LegacyCredentials.FoundIn(secrets, database, database + "-wal"));
    }

    [Fact]
    public async Task PlainTextDatabase_IsSealedInPlaceAtStart_AndSignaturesStillVerify()
    {
        var dataDir = Path.Combine(_root, "legacy");
        var database = CreateDataDir(dataDir);
        var legacy = await LegacyCredentials.WriteAsync(database);
        Assert.Equal(3, LegacyCredentials.FoundIn(legacy.Secrets, database, database + "-wal").Count); // written in clear, as before
        var logs = new CapturedLogs();

        await using var server = await RunningServer.StartAsync(dataDir: dataDir, configure: s => s.AddSingleton<ILoggerProvider>(logs));

        // Sealed and checkpointed at start: secure_delete leaves no old bytes in the file's free space.
        Assert.Single(logs.Lines, l => l.Contains(" 4702 ", StringComparison.Ordinal) && l.Contains("encrypted 2 ", StringComparison.Ordinal));
        Assert.Empty(LegacyCredentials.FoundIn(legacy.Secrets, database, database + "-wal"));
        Assert.Equal(HttpStatusCode.OK, (await SignedCalls.AlibabaAsync(server.BaseAddress, legacy.AccessKeyId, legacy.AccessKeySecret)).Status);
        var ovh = new OvhKeys(legacy.ApplicationKey, legacy.ApplicationSecret, legacy.ConsumerKey);
        Assert.Equal(HttpStatusCode.OK, (await SignedCalls.OvhAsync(server.BaseAddress, ovh)).Status);
        using var project = server.WithToken(legacy.Token);
        Assert.Contains(legacy.ConsumerKey, (await project.ApiGetAsync("/api/v1/ovh-credentials")).Text, StringComparison.Ordinal);

        // A second start finds nothing left to migrate.
        await server.RestartAsync();
        Assert.Single(logs.Lines, l => l.Contains(" 4702 ", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await SignedCalls.OvhAsync(server.BaseAddress, ovh)).Status);
        Assert.Empty(LegacyCredentials.FoundIn(legacy.Secrets, database, database + "-wal"));
    }

    [Fact]
    public async Task StoreSealedUnderAnotherKey_StartFails_NamingBothKeys_NothingChanged()
    {
        var dataDir = Path.Combine(_root, "other-key");
        var database = CreateDataDir(dataDir);
        var otherKey = SecretsKey.FromBytes(RandomNumberGenerator.GetBytes(SecretsKey.Length));
        var values = await LegacyCredentials.WriteAsync(database, otherKey);
        var before = WithoutChangeCounters(await File.ReadAllBytesAsync(database, Ct));

        var error = await Assert.ThrowsAsync<SecretsKeyException>(() => VitalsServer.BuildAsync(
            new VitalsServerOptions { Listen = "127.0.0.1:0", DataDir = dataDir }, cancellationToken: Ct));

        var ownKey = SecretsKey.LoadOrCreate(Path.Combine(dataDir, "secrets.key"), create: false);
        Assert.Contains("cannot decrypt", error.Message, StringComparison.Ordinal);
        Assert.Contains(otherKey.Id, error.Message, StringComparison.Ordinal);
        Assert.Contains(ownKey.Id, error.Message, StringComparison.Ordinal);
        Assert.Contains("--secrets-key-file", error.Message, StringComparison.Ordinal);
        Assert.All(values.Secrets, s => Assert.DoesNotContain(s, error.Message, StringComparison.Ordinal));
        Assert.Equal(before, WithoutChangeCounters(await File.ReadAllBytesAsync(database, Ct)));
    }

    /// <summary>
    /// The file without the two header fields an empty write transaction moves (the file change counter at byte 24 and
    /// the version-valid-for number at byte 92): opening the store proves it can be written with such a transaction.
    /// </summary>
    private static byte[] WithoutChangeCounters(byte[] file)
    {
        Array.Clear(file, 24, 4);
        Array.Clear(file, 92, 4);
        return file;
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 at all")]
    [InlineData("c2hvcnQ=")]
    public async Task MalformedKeyFile_StartFails_SayingWhatAKeyIs(string contents)
    {
        var dataDir = Path.Combine(_root, "bad-key");
        Directory.CreateDirectory(dataDir);
        var keyFile = Path.Combine(_root, "bad.key");
        await File.WriteAllTextAsync(keyFile, contents, Ct);

        var error = await Assert.ThrowsAsync<SecretsKeyException>(() => VitalsServer.BuildAsync(
            new VitalsServerOptions { Listen = "127.0.0.1:0", DataDir = dataDir, SecretsKeyFile = keyFile }, cancellationToken: Ct));

        Assert.Contains("is not a secrets key", error.Message, StringComparison.Ordinal);
        Assert.Contains(keyFile, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenKeyFile_IsUsedAndCreatedOwnerOnly()
    {
        var keyFile = Path.Combine(_root, "keys", "shared.key");
        await using var server = await RunningServer.StartAsync(options: o => o.SecretsKeyFile = keyFile);

        Assert.Equal(File0600, File.GetUnixFileMode(keyFile));
        Assert.Equal(Dir0700, File.GetUnixFileMode(Path.GetDirectoryName(keyFile)!));
        Assert.False(File.Exists(Path.Combine(server.DataDir, "secrets.key")));
        Assert.Equal(SecretsKey.Length, Convert.FromBase64String((await File.ReadAllTextAsync(keyFile, Ct)).Trim()).Length);
    }

    private static string CreateDataDir(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        return Path.Combine(dataDir, "vitals.db");
    }
}
