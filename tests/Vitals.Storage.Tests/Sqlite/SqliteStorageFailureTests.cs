using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Vitals.Core.Resources;
using Vitals.Storage.Sqlite;

namespace Vitals.Storage.Tests.Sqlite;

/// <summary>
/// Storage failures of a real SQLite file that need no mount namespace: another process's connection holding the
/// write lock, and a database file the store cannot write at start. (Disk full and a read-only file system are in
/// Vitals.Cli.Tests, against <c>vitals serve</c> in a mount namespace.)
/// </summary>
public sealed class SqliteStorageFailureTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vitals-storage-failure-").FullName;
    private SqliteStore _sut = null!;

    private string DbPath => Path.Combine(_dir, "vitals.db");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _sut = await SqliteStore.OpenAsync(DbPath, cancellationToken: Ct);

    public async ValueTask DisposeAsync()
    {
        await _sut.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Write_LockHeldPastTheTimeout_ThrowsBusyWithTheSqliteCode_AndWritesNothing()
    {
        await using (var holder = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            await holder.OpenAsync(Ct);
            await using var exclusive = holder.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE";
            await exclusive.ExecuteNonQueryAsync(Ct);

            var waited = Stopwatch.StartNew();
            var failure = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
                _sut.CreateProjectAsync(new Project("", "blocked", default), null, Ct));
            waited.Stop();

            Assert.Equal(StorageFailure.Busy, failure.Reason);
            Assert.Equal("SQLITE_BUSY", failure.Cause);
            Assert.IsType<SqliteException>(failure.InnerException);
            Assert.Equal(1, failure.RetryAfterSeconds);
            // The lock timeout is the store's, not Microsoft.Data.Sqlite's 30 s retry loop.
            Assert.InRange(waited.Elapsed, TimeSpan.FromSeconds(SqliteStore.LockTimeoutSeconds - 1), TimeSpan.FromSeconds(20));
        }

        Assert.DoesNotContain(await _sut.ListProjectsAsync(Ct), p => p.Name == "blocked");
        Assert.True((await _sut.CreateProjectAsync(new Project("", "after", default), null, Ct)).IsOk);
    }

    [Fact]
    public async Task Open_DatabaseWithoutWritePermission_ThrowsReadOnlyNamingThePath()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName == "root")
        {
            Assert.Skip("needs Linux and a user other than root (root writes a file without write permission); the read-only file system case runs in Vitals.Cli.Tests");
            return;
        }

        await _sut.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.SetUnixFileMode(DbPath, UnixFileMode.UserRead);

        var failure = await Assert.ThrowsAsync<StorageUnavailableException>(() => SqliteStore.OpenAsync(DbPath, cancellationToken: Ct));

        Assert.Equal(StorageFailure.ReadOnly, failure.Reason);
        Assert.Contains(DbPath, failure.Message, StringComparison.Ordinal);
        File.SetUnixFileMode(DbPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _sut = await SqliteStore.OpenAsync(DbPath, cancellationToken: Ct);
    }
}
