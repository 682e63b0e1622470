namespace Vitals.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// Folds the WAL (which holds the freshly sealed pages) into the database file and empties it, so that the pages that
    /// held secrets in clear are overwritten now (with secure_delete on, their free space is zeroed) rather than at some
    /// later automatic checkpoint.
    /// </summary>
    private protected override async Task AfterSecretsSealedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenSqliteAsync(cancellationToken);
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await checkpoint.ExecuteNonQueryAsync(cancellationToken);
    }
}
