using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;
using Vitals.Storage.Sql;

namespace Vitals.Storage.Sqlite;

/// <summary>SQLite's spelling: instants as unix milliseconds (INTEGER), JSON as text, lists expanded by Dapper.</summary>
internal sealed partial class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    private SqliteDialect()
    {
    }

    public override string NullSafeEquals => "IS";

    public override string JsonCast => "";

    public override object Instant(DateTimeOffset instant) => ToMs(instant);

    public override DateTimeOffset ReadInstant(DbDataReader reader, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    // Dapper expands a list parameter into (@p1, @p2, ...).
    public override string In(string column, string parameter) => $"{column} IN @{parameter}";

    public override bool TryMapRefusal(DbException exception, [NotNullWhen(true)] out (StoreOutcome Outcome, string Field, string Message)? refused)
    {
        refused = null;
        if (exception is not SqliteException sqlite || !SqliteConflicts.TryMap(sqlite, out var conflict))
        {
            return false;
        }

        refused = (StoreOutcome.Conflict, conflict.Value.Field, conflict.Value.Message);
        return true;
    }

    // Writes are serialised in the process and every delete checks its references first, in the same transaction.
    public override bool TryMapUnavailable(Exception exception, out StorageFailure reason, [NotNullWhen(true)] out string? cause) =>
        SqliteFailures.TryMap(exception, out reason, out cause);

    public override bool TryMapInUse(DbException exception, [NotNullWhen(true)] out string? message)
    {
        message = null;
        return false;
    }

    private static long ToMs(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();
}
