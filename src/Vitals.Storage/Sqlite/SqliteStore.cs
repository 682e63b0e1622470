using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vitals.Core.Resources;

namespace Vitals.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Writes are serialised in process (one writer, as SQLite allows)
/// and each runs in one IMMEDIATE transaction that commits only when the call succeeds; reads use their own pooled
/// connections and do not wait for writers.
/// </summary>
public sealed partial class SqliteStore : IStore
{
    private readonly string _connectionString;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    private SqliteStore(string path, TimeProvider timeProvider, ILogger logger)
    {
        Path = path;
        _timeProvider = timeProvider;
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();
    }

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
        var store = new SqliteStore(path, timeProvider ?? TimeProvider.System, (ILogger?)logger ?? NullLogger.Instance);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL";
            await wal.ExecuteScalarAsync(cancellationToken);
        }

        var applied = await SqliteMigrator.ApplyAsync(connection, SqliteMigrator.Embedded(), store.NowMs(), cancellationToken);
        foreach (var version in applied)
        {
            Log.MigrationApplied(store._logger, version, path);
        }

        Log.Opened(store._logger, path);
        return store;
    }

    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the file (and its -wal/-shm) open; release them so the file can be moved or deleted.
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _writeGate.Dispose();
        return ValueTask.CompletedTask;
    }

    internal async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs one write in one transaction, committed only when the result is Ok; a UNIQUE index violation becomes a
    /// Conflict naming the field, after the transaction is rolled back.
    /// </summary>
    private async Task<StoreResult<T>> WriteAsync<T>(Func<SqliteDb, Task<StoreResult<T>>> work, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            StoreResult<T> result;
            try
            {
                result = await work(new SqliteDb(connection, transaction, cancellationToken));
            }
            catch (SqliteException exception) when (SqliteConflicts.TryMap(exception, out var conflict))
            {
                await transaction.RollbackAsync(CancellationToken.None);
                return StoreResult<T>.Conflict(conflict.Value.Field, conflict.Value.Message);
            }

            if (result.IsOk)
            {
                await transaction.CommitAsync(cancellationToken);
            }
            else
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }

            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Runs one write in one transaction that always commits (health rows: no expected failure).</summary>
    private async Task<T> WriteAlwaysAsync<T>(Func<SqliteDb, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(new SqliteDb(connection, transaction, cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Runs reads in one deferred transaction: a consistent snapshot that never blocks the writer (WAL).</summary>
    private async Task<T> ReadAsync<T>(Func<SqliteDb, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        return await work(new SqliteDb(connection, transaction, cancellationToken));
    }

    private Task<T?> GetAsync<T>(string table, string columns, string projectId, string id, Func<DbDataReader, T> read,
        CancellationToken cancellationToken)
        where T : Resource =>
        ReadAsync(db => GetInAsync(db, table, columns, projectId, id, read), cancellationToken);

    private static Task<T?> GetInAsync<T>(SqliteDb db, string table, string columns, string projectId, string id, Func<DbDataReader, T> read)
        where T : class =>
        db.QuerySingleAsync($"SELECT {columns} FROM {table} WHERE id = @id AND project_id = @projectId", new { id, projectId }, read);

    /// <summary>Keyset paging: rows after <see cref="PageRequest.After"/> in numeric id order, one extra row to know whether more follow.</summary>
    private Task<Page<T>> ListAsync<T>(string table, string columns, SqliteWhere where, PageRequest page, Func<DbDataReader, T> read,
        CancellationToken cancellationToken)
        where T : Resource =>
        ReadAsync(async db =>
        {
            var limit = page.EffectiveLimit;
            where.Parameters.Add("pageAfter", page.After);
            where.Parameters.Add("pageTake", limit + 1);
            var items = await db.QueryAsync(
                $"SELECT {columns} FROM {table} WHERE {where.Sql} AND numeric_id > @pageAfter ORDER BY numeric_id LIMIT @pageTake",
                where.Parameters, read);
            long? next = null;
            if (items.Count > limit)
            {
                items.RemoveAt(limit);
                next = items[^1].NumericId;
            }

            int? total = page.CountTotal
                ? checked((int)await db.ScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE {where.Sql}", where.Parameters))
                : null;
            return new Page<T>(items, next, total);
        }, cancellationToken);

    /// <summary>Deletes one row of the project; not found when it is absent or foreign.</summary>
    private static async Task<StoreResult<Deleted>> DeleteInAsync(SqliteDb db, string table, string projectId, string id) =>
        await db.ExecuteAsync($"DELETE FROM {table} WHERE id = @id AND project_id = @projectId", new { id, projectId }) == 0
            ? StoreResult<Deleted>.NotFound()
            : StoreResult.Deleted();

    private static Task<bool> ExistsInProjectAsync(SqliteDb db, string table, string projectId, string id) =>
        db.ExistsAsync($"SELECT 1 FROM {table} WHERE id = @id AND project_id = @projectId", new { id, projectId });

    private long NowMs() => SqliteValues.ToMs(_timeProvider.GetUtcNow());

    private static string NewId(string id, string prefix) => string.IsNullOrEmpty(id) ? ResourceIds.New(prefix, Random.Shared) : id;

    // Once per process: binds Microsoft.Data.Sqlite to the bundled e_sqlite3 library.
    static SqliteStore() => SQLitePCL.Batteries_V2.Init();
}
