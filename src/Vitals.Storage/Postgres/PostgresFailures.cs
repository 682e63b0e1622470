using System.Diagnostics.CodeAnalysis;
using Npgsql;

namespace Vitals.Storage.Postgres;

/// <summary>
/// Maps PostgreSQL's SQLSTATEs for a failing storage (https://www.postgresql.org/docs/current/errcodes-appendix.html)
/// and Npgsql's lost-connection errors to a <see cref="StorageFailure"/> and the code's name.
/// </summary>
internal static class PostgresFailures
{
    public static bool TryMap(Exception exception, out StorageFailure reason, [NotNullWhen(true)] out string? cause)
    {
        (reason, cause) = exception switch
        {
            PostgresException postgres => postgres.SqlState switch
            {
                "53100" => (StorageFailure.DiskFull, "53100 disk_full"),
                "25006" => (StorageFailure.ReadOnly, "25006 read_only_sql_transaction"),
                "55P03" => (StorageFailure.Busy, "55P03 lock_not_available"),
                "57P01" => (StorageFailure.Unreachable, "57P01 admin_shutdown"),
                "57P02" => (StorageFailure.Unreachable, "57P02 crash_shutdown"),
                "57P03" => (StorageFailure.Unreachable, "57P03 cannot_connect_now"),
                "53300" => (StorageFailure.Unreachable, "53300 too_many_connections"),
                { } state when state.StartsWith("08", StringComparison.Ordinal) => (StorageFailure.Unreachable, $"{state} connection_exception"),
                _ => (default, null),
            },
            // Not a server error: the connection broke, timed out or could not be made.
            NpgsqlException => (StorageFailure.Unreachable, "connection lost"),
            _ => (default, null),
        };
        return cause is not null;
    }
}
