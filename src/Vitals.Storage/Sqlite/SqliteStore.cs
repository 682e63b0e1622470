using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vitals.Storage.Secrets;
using Vitals.Storage.Sql;

namespace Vitals.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Writes are serialised in process (one writer, as SQLite allows)
/// and each runs in one IMMEDIATE transaction that commits only when the call succeeds; reads use their own pooled
/// connections in deferred transactions and do not wait for writers. The store's rules are <see cref="SqlStore"/>'s;
/// this type says how to open the file and which transactions to run.
/// </summary>
public sealed partial class SqliteStore : SqlStore
{
    private readonly string _connectionString;

    private SqliteStore(string path, TimeProvider timeProvider)
        : base(SqliteDialect.Instance, timeProvider, oneWriter: true)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Microsoft.Data.Sqlite retries a busy statement until this many seconds have passed: with busy_timeout
            // below, a write waits at most about 5 s for a lock another process holds, then fails as SQLITE_BUSY.
            DefaultTimeout = LockTimeoutSeconds,
        }.ToString();
    }

    /// <summary>How long a statement waits for a lock another process holds before it fails with SQLITE_BUSY.</summary>
    public const int LockTimeoutSeconds = 5;

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>
    /// Opens (creating if needed) the database at <paramref name="path"/>, switches it to WAL and applies the missing
    /// migrations. Every connection runs with <c>foreign_keys=ON</c>, <c>synchronous=NORMAL</c> and a busy timeout.
    /// </summary>
    public static async Task<SqliteStore> OpenAsync(string path, TimeProvider? timeProvider = null, ILogger<SqliteStore>? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        timeProvider ??= TimeProvider.System;
        var log = (ILogger?)logger ?? NullLogger.Instance;
        // The file exists 0600 before SQLite opens it: SQLite gives -wal, -shm and the journal the database file's mode.
        OwnerOnlyFiles.Touch(path);
        var store = new SqliteStore(path, timeProvider) { Logger = log };
        try
        {
            await using var connection = await store.OpenSqliteAsync(cancellationToken);
            await using (var wal = connection.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode=WAL";
                await wal.ExecuteScalarAsync(cancellationToken);
            }

            var applied = await SqliteMigrator.ApplyAsync(connection, SqliteMigrator.Embedded(), timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
                cancellationToken);
            foreach (var version in applied)
            {
                Log.MigrationApplied(log, version, path);
            }

            await CheckWritableAsync(connection, cancellationToken);
        }
        catch (SqliteException exception) when (SqliteFailures.TryMap(exception, out var reason, out var cause))
        {
            await store.CloseAsync();
            throw new StorageUnavailableException(reason, cause,
                $"the SQLite store {System.IO.Path.GetFullPath(path)} cannot be written ({cause}): {exception.Message}", exception);
        }

        Log.Opened(log, path);
        return store;
    }

    private protected override ValueTask CloseAsync()
    {
        // Pooled connections keep the file (and its -wal/-shm) open; release them so the file can be moved or deleted.
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Proves the database can be written now rather than at the first write: a write transaction (BEGIN IMMEDIATE takes
    /// the write lock, which a read-only file or file system refuses) that commits a header write to the WAL.
    /// </summary>
    private static async Task CheckWritableAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        var version = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        command.CommandText = $"BEGIN IMMEDIATE; PRAGMA user_version = {version}; COMMIT;";
        // On failure the caller closes the store, which drops this connection and any transaction it still holds.
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The directory takes a new page (a full disk refuses it even while the WAL still has room) and the database a
    /// committed header write (a read-only file or file system refuses it, as at <see cref="OpenAsync"/>).
    /// </summary>
    private protected override async Task ProbeWriteAsync(StoreDb db)
    {
        DataDirectoryCheck.CheckWritable(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        var version = await db.ScalarAsync<long>("PRAGMA user_version");
        await db.ExecuteAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"PRAGMA user_version = {version}"));
    }

    // Clearing the pool closes its idle connections and keeps this one from returning to it.
    private protected override void Discard(DbConnection connection) => SqliteConnection.ClearPool((SqliteConnection)connection);

    private protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await OpenSqliteAsync(cancellationToken);

    /// <summary>Writes take the write lock at BEGIN (IMMEDIATE); reads, single or several, are one deferred snapshot (WAL).</summary>
    private protected override ValueTask<DbTransaction?> BeginAsync(DbConnection connection, StoreAccess access, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction?>(((SqliteConnection)connection).BeginTransaction(deferred: access != StoreAccess.Write));

    private async Task<SqliteConnection> OpenSqliteAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = connection.CreateCommand();
            // secure_delete: a secret sealed in place, or a credential deleted, leaves no old bytes in free space of the file.
            pragmas.CommandText = "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA secure_delete=ON;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
