using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vitals.Core.Resources;

namespace Vitals.Storage.Sql;

/// <summary>
/// The rules of the store, written once over ADO.NET: every resource's SQL, checks and row mappers, in one partial file
/// per resource. <see cref="Sqlite.SqliteStore"/> and <see cref="Postgres.PostgresStore"/> derive from it and supply
/// only how to connect and which transaction each unit of work runs in; what their SQL spells differently is their
/// <see cref="SqlDialect"/>.
/// </summary>
public abstract partial class SqlStore : IStore
{
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim? _writeGate;

    /// <param name="dialect">The SQL the database speaks.</param>
    /// <param name="timeProvider">The clock of every stored instant.</param>
    /// <param name="oneWriter">Whether writes must wait for each other in this process (SQLite has one writer).</param>
    private protected SqlStore(SqlDialect dialect, TimeProvider timeProvider, bool oneWriter)
    {
        Dialect = dialect;
        _timeProvider = timeProvider;
        _writeGate = oneWriter ? new SemaphoreSlim(1, 1) : null;
    }

    private protected SqlDialect Dialect { get; }

    /// <summary>The clock the store stamps rows with.</summary>
    private protected TimeProvider Clock => _timeProvider;

    /// <summary>Where storage failures are logged with their real cause; <c>OpenAsync</c> or <see cref="UseLogger"/> sets it.</summary>
    private protected ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>
    /// Logs storage failures (disk full, read-only, lock timeout, a failing rollback) to <paramref name="loggerFactory"/>
    /// from now on: for hosts that open the store before their logging is built.
    /// </summary>
    public void UseLogger(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Logger = loggerFactory.CreateLogger(GetType());
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _writeGate?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the store holds open (connection pools, files).</summary>
    private protected abstract ValueTask CloseAsync();

    /// <summary>An open connection, set up for the store's work.</summary>
    private protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Begins the transaction <paramref name="access"/> needs on <paramref name="connection"/>; null runs without one.</summary>
    private protected abstract ValueTask<DbTransaction?> BeginAsync(DbConnection connection, StoreAccess access, CancellationToken cancellationToken);

    /// <summary>
    /// Records a committed-to-be change of a resource inside the write's transaction, so that other nodes sharing the
    /// store learn of it exactly when it commits (see <see cref="IChangeFeed"/>). A store with one node records nothing.
    /// </summary>
    private protected virtual Task RecordChangeAsync(StoreDb db, ChangeKind kind, ChangeOp op, string projectId, string id, object at) =>
        Task.CompletedTask;

    /// <summary>Runs one write of a resource: <see cref="WriteAsync{T}(Func{StoreDb, Task{StoreResult{T}}}, CancellationToken)"/>, recording the change when it succeeds.</summary>
    private Task<StoreResult<T>> WriteAsync<T>(ChangeKind kind, ChangeOp op, string projectId, string id, Func<StoreDb, Task<StoreResult<T>>> work,
        CancellationToken cancellationToken) =>
        WriteAsync(async db =>
        {
            var result = await work(db);
            if (result.IsOk)
            {
                // Last in the transaction: the feed's lock is held from here to the commit only.
                await RecordChangeAsync(db, kind, op, projectId, id, NowValue());
            }

            return result;
        }, cancellationToken);

    /// <summary>
    /// Runs one write in one transaction, committed only when the result is Ok; a constraint the database refuses
    /// the write for becomes the Conflict or NotFound naming the field, after the transaction is rolled back.
    /// </summary>
    private async Task<StoreResult<T>> WriteAsync<T>(Func<StoreDb, Task<StoreResult<T>>> work, CancellationToken cancellationToken)
    {
        await EnterWriteAsync(cancellationToken);
        try
        {
            return await RunAsync(StoreAccess.Write, async db =>
            {
                try
                {
                    var result = await work(db);
                    return (result, result.IsOk);
                }
                catch (DbException exception) when (Dialect.TryMapRefusal(exception, out var refused))
                {
                    var (outcome, field, message) = refused.Value;
                    return (outcome == StoreOutcome.Conflict ? StoreResult<T>.Conflict(field, message) : StoreResult<T>.NotFound(field, message), false);
                }
            }, cancellationToken);
        }
        finally
        {
            _writeGate?.Release();
        }
    }

    /// <summary>Runs one write in one transaction that always commits (health rows: no expected failure).</summary>
    private async Task<T> WriteAlwaysAsync<T>(Func<StoreDb, Task<T>> work, CancellationToken cancellationToken)
    {
        await EnterWriteAsync(cancellationToken);
        try
        {
            return await RunAsync(StoreAccess.Write, async db => (await work(db), true), cancellationToken);
        }
        finally
        {
            _writeGate?.Release();
        }
    }

    /// <summary>Runs a read of one statement.</summary>
    private Task<T> ReadAsync<T>(Func<StoreDb, Task<T>> work, CancellationToken cancellationToken) =>
        RunAsync(StoreAccess.Read, async db => (await work(db), true), cancellationToken);

    /// <summary>Runs a read of several statements that must see one consistent state.</summary>
    private Task<T> SnapshotAsync<T>(Func<StoreDb, Task<T>> work, CancellationToken cancellationToken) =>
        RunAsync(StoreAccess.Snapshot, async db => (await work(db), true), cancellationToken);

    private Task EnterWriteAsync(CancellationToken cancellationToken) => _writeGate?.WaitAsync(cancellationToken) ?? Task.CompletedTask;

    private Task<T?> GetAsync<T>(string table, string columns, string projectId, string id, Func<StoreRow, T> read,
        CancellationToken cancellationToken)
        where T : Resource =>
        ReadAsync(db => GetInAsync(db, table, columns, projectId, id, read), cancellationToken);

    private static Task<T?> GetInAsync<T>(StoreDb db, string table, string columns, string projectId, string id, Func<StoreRow, T> read)
        where T : class =>
        db.QuerySingleAsync($"SELECT {columns} FROM {table} WHERE id = @id AND project_id = @projectId", new { id, projectId }, read);

    /// <summary>Keyset paging: rows after <see cref="PageRequest.After"/> in numeric id order, one extra row to know whether more follow.</summary>
    private Task<Page<T>> ListAsync<T>(string table, string columns, SqlWhere where, PageRequest page, Func<StoreRow, T> read,
        CancellationToken cancellationToken)
        where T : Resource
    {
        var limit = page.EffectiveLimit;
        where.Parameters.Add("pageAfter", page.After);
        where.Parameters.Add("pageTake", limit + 1);
        var sql = $"SELECT {columns} FROM {table} WHERE {where.Sql} AND numeric_id > @pageAfter ORDER BY numeric_id LIMIT @pageTake";
        async Task<Page<T>> Work(StoreDb db)
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
    /// row first; a reference another writer adds meanwhile makes the foreign key refuse the delete, which is the same
    /// "in use" conflict.
    /// </summary>
    private static async Task<StoreResult<Deleted>> DeleteInAsync(StoreDb db, string table, string projectId, string id)
    {
        try
        {
            return await db.ExecuteAsync($"DELETE FROM {table} WHERE id = @id AND project_id = @projectId", new { id, projectId }) == 0
                ? StoreResult<Deleted>.NotFound()
                : StoreResult.Deleted();
        }
        catch (DbException exception) when (db.Dialect.TryMapInUse(exception, out var message))
        {
            return StoreResult<Deleted>.Conflict("id", message);
        }
    }

    private static Task<bool> ExistsInProjectAsync(StoreDb db, string table, string projectId, string id) =>
        db.ExistsAsync($"SELECT 1 FROM {table} WHERE id = @id AND project_id = @projectId", new { id, projectId });

    /// <summary>Now, cut to the millisecond in UTC: what every instant column holds and reads back as.</summary>
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(_timeProvider.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>Now, as the value an instant column is written as.</summary>
    private object NowValue() => Dialect.Instant(Now());

    private static string NewId(string id, string prefix) => string.IsNullOrEmpty(id) ? ResourceIds.New(prefix, Random.Shared) : id;
}
