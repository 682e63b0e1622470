using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Vitals.Core.Resources;

namespace Vitals.Storage.Postgres;

/// <summary>
/// The shared store: a PostgreSQL database that several Vitals nodes may use at once. Every write runs in one READ
/// COMMITTED transaction that commits only when the call succeeds; the database's own constraints (unique indexes,
/// foreign keys) settle races between nodes, and their violations become the same Conflict / NotFound results the
/// SQLite store gives. Reads of several statements run in one REPEATABLE READ snapshot. Connections come from one
/// pooled <see cref="NpgsqlDataSource"/>.
/// </summary>
public sealed partial class PostgresStore : IStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    private PostgresStore(NpgsqlDataSource dataSource, TimeProvider timeProvider, ILogger logger)
    {
        _dataSource = dataSource;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Where the store is, without the password (for logs and messages).</summary>
    public string Description { get; private init; } = "";

    /// <summary>
    /// Connects to the database named by <paramref name="connectionString"/> (a <c>postgres://</c> URL or an Npgsql
    /// <c>Host=...;Database=...</c> string, see <see cref="PostgresConnectionString"/>) and applies the missing
    /// migrations under an advisory lock, so nodes starting together migrate once. Throws
    /// <see cref="NpgsqlException"/> when the server cannot be reached or refuses the login.
    /// </summary>
    public static async Task<PostgresStore> OpenAsync(string connectionString, TimeProvider? timeProvider = null,
        ILogger<PostgresStore>? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var builder = new NpgsqlDataSourceBuilder(PostgresConnectionString.Normalize(connectionString));
        builder.ConnectionStringBuilder.ApplicationName ??= "vitals";
        var description = PostgresConnectionString.Describe(builder.ConnectionStringBuilder);
        var dataSource = builder.Build();
        var store = new PostgresStore(dataSource, timeProvider ?? TimeProvider.System, (ILogger?)logger ?? NullLogger.Instance)
        {
            Description = description,
        };
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var applied = await PostgresMigrator.ApplyAsync(connection, PostgresMigrator.Embedded(), store.Now(), cancellationToken);
            foreach (var version in applied)
            {
                Log.MigrationApplied(store._logger, version, description);
            }
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }

        Log.Opened(store._logger, description);
        return store;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>
    /// Runs one write in one transaction, committed only when the result is Ok; a unique or foreign key violation
    /// becomes the Conflict or NotFound naming the field, after the transaction is rolled back.
    /// </summary>
    private async Task<StoreResult<T>> WriteAsync<T>(Func<PostgresDb, Task<StoreResult<T>>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        StoreResult<T> result;
        try
        {
            result = await work(new PostgresDb(connection, transaction, cancellationToken));
        }
        catch (PostgresException exception) when (PostgresConflicts.TryMap(exception, out var refused))
        {
            await transaction.RollbackAsync(CancellationToken.None);
            var (outcome, field, message) = refused.Value;
            return outcome == StoreOutcome.Conflict ? StoreResult<T>.Conflict(field, message) : StoreResult<T>.NotFound(field, message);
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

    /// <summary>Runs one write in one transaction that always commits (health rows: no expected failure).</summary>
    private async Task<T> WriteAlwaysAsync<T>(Func<PostgresDb, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var result = await work(new PostgresDb(connection, transaction, cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Runs a read of one statement: no transaction (the statement is its own snapshot), no extra round trip.</summary>
    private async Task<T> ReadAsync<T>(Func<PostgresDb, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await work(new PostgresDb(connection, null, cancellationToken));
    }

    /// <summary>Runs a read of several statements in one read-only REPEATABLE READ transaction: one consistent snapshot.</summary>
    private async Task<T> SnapshotAsync<T>(Func<PostgresDb, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var result = await work(new PostgresDb(connection, transaction, cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private Task<T?> GetAsync<T>(string table, string columns, string projectId, string id, Func<DbDataReader, T> read,
        CancellationToken cancellationToken)
        where T : Resource =>
        ReadAsync(db => GetInAsync(db, table, columns, projectId, id, read), cancellationToken);

    private static Task<T?> GetInAsync<T>(PostgresDb db, string table, string columns, string projectId, string id, Func<DbDataReader, T> read)
        where T : class =>
        db.QuerySingleAsync($"SELECT {columns} FROM {table} WHERE id = @id AND project_id = @projectId", new { id, projectId }, read);

    /// <summary>Keyset paging: rows after <see cref="PageRequest.After"/> in numeric id order, one extra row to know whether more follow.</summary>
    private Task<Page<T>> ListAsync<T>(string table, string columns, PostgresWhere where, PageRequest page, Func<DbDataReader, T> read,
        CancellationToken cancellationToken)
        where T : Resource
    {
        var limit = page.EffectiveLimit;
        where.Parameters.Add("pageAfter", page.After);
        where.Parameters.Add("pageTake", limit + 1);
        var sql = $"SELECT {columns} FROM {table} WHERE {where.Sql} AND numeric_id > @pageAfter ORDER BY numeric_id LIMIT @pageTake";
        async Task<Page<T>> Work(PostgresDb db)
        {
            var items = await db.QueryAsync(sql, where.Parameters, read);
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
        }

        // The count must see the same rows as the page: a snapshot only when both are read.
        return page.CountTotal ? SnapshotAsync(Work, cancellationToken) : ReadAsync(Work, cancellationToken);
    }

    /// <summary>
    /// Deletes one row of the project; not found when it is absent or foreign. The callers check what refers to the
    /// row first; a reference another node adds meanwhile makes the foreign key refuse the delete, which is the same
    /// "in use" conflict.
    /// </summary>
    private static async Task<StoreResult<Deleted>> DeleteInAsync(PostgresDb db, string table, string projectId, string id)
    {
        try
        {
            return await db.ExecuteAsync($"DELETE FROM {table} WHERE id = @id AND project_id = @projectId", new { id, projectId }) == 0
                ? StoreResult<Deleted>.NotFound()
                : StoreResult.Deleted();
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return StoreResult<Deleted>.Conflict("id", $"the resource is in use: {exception.TableName} refer to it");
        }
    }

    private static Task<bool> ExistsInProjectAsync(PostgresDb db, string table, string projectId, string id) =>
        db.ExistsAsync($"SELECT 1 FROM {table} WHERE id = @id AND project_id = @projectId", new { id, projectId });

    /// <summary>Now, cut to the millisecond in UTC: what every instant column holds.</summary>
    private DateTimeOffset Now() => PostgresValues.Truncate(_timeProvider.GetUtcNow());

    private static string NewId(string id, string prefix) => string.IsNullOrEmpty(id) ? ResourceIds.New(prefix, Random.Shared) : id;
}
