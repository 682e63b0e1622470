using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace Vitals.Storage.Sql;

public abstract partial class SqlStore
{
    /// <summary>
    /// Runs <paramref name="work"/> on one connection in the transaction <paramref name="access"/> asks for, committing
    /// when the work says so and rolling back otherwise. A failure of the storage itself (disk full, read-only, lock
    /// timeout, lost connection) is logged with the database's own error and thrown as
    /// <see cref="StorageUnavailableException"/>; since the transaction did not commit, nothing of the write is kept.
    /// </summary>
    /// <remarks>
    /// The transaction is released without <c>await using</c>: after SQLITE_FULL or SQLITE_IOERR SQLite may already have
    /// rolled back, and the implicit rollback of a dispose then throws "cannot rollback - no transaction is active",
    /// which would replace the real cause. <see cref="ReleaseAsync"/> logs and swallows that second failure.
    /// </remarks>
    private async Task<T> RunAsync<T>(StoreAccess access, Func<StoreDb, Task<(T Result, bool Commit)>> work, CancellationToken cancellationToken,
        bool quiet = false)
    {
        DbConnection? connection = null;
        DbTransaction? transaction = null;
        try
        {
            connection = await OpenConnectionAsync(cancellationToken);
            transaction = await BeginAsync(connection, access, cancellationToken);
            var (result, commit) = await work(new StoreDb(connection, transaction, Dialect, cancellationToken));
            if (transaction is not null)
            {
                if (commit)
                {
                    await transaction.CommitAsync(cancellationToken);
                }
                else
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                }
            }

            return result;
        }
        catch (Exception exception) when (Dialect.TryMapUnavailable(exception, out var reason, out var cause))
        {
            var verb = access == StoreAccess.Write ? "write" : "read";
            if (!quiet)
            {
                Log.Unavailable(Logger, verb, cause, exception.Message, exception);
            }

            throw new StorageUnavailableException(reason, cause, $"a {verb} failed with {cause}: {exception.Message}", exception);
        }
        finally
        {
            await ReleaseAsync(access, transaction, connection);
        }
    }

    /// <summary>
    /// Disposes the transaction (rolling back what did not commit) and the connection. A rollback that fails in turn is
    /// logged and swallowed so that the error that made the work fail is the one that propagates; the connection it
    /// happened on is then dropped from the pool rather than reused in an unknown state.
    /// </summary>
    private async ValueTask ReleaseAsync(StoreAccess access, DbTransaction? transaction, DbConnection? connection)
    {
        if (transaction is not null)
        {
            try
            {
                await transaction.DisposeAsync();
            }
            catch (Exception exception) when (exception is DbException or InvalidOperationException)
            {
                Log.RollbackFailed(Logger, access == StoreAccess.Write ? "write" : "read", exception.Message, exception);
                if (connection is not null)
                {
                    Discard(connection);
                }
            }
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>Keeps <paramref name="connection"/> out of the pool once closed: its transaction state is unknown.</summary>
    private protected abstract void Discard(DbConnection connection);

    private static partial class Log
    {
        [LoggerMessage(EventId = 3300, EventName = "StorageUnavailable", Level = LogLevel.Error,
            Message = "Storage unavailable: a {Access} failed with {Cause}: {Detail}")]
        public static partial void Unavailable(ILogger logger, string access, string cause, string detail, Exception exception);

        [LoggerMessage(EventId = 3301, EventName = "StorageRollbackFailed", Level = LogLevel.Warning,
            Message = "Rolling back a failed {Access} failed too (SQLite rolls back by itself after some errors); the first error is kept: {Detail}")]
        public static partial void RollbackFailed(ILogger logger, string access, string detail, Exception exception);
    }
}
