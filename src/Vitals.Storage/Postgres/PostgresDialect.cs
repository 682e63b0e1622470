using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Npgsql;
using Vitals.Storage.Sql;

namespace Vitals.Storage.Postgres;

/// <summary>
/// PostgreSQL's spelling: instants as timestamptz cut to the millisecond before they are written (PostgreSQL keeps
/// microseconds), so they read back exactly as SQLite's unix milliseconds do; JSON as jsonb; lists as one text[]
/// parameter.
/// </summary>
internal sealed partial class PostgresDialect : SqlDialect
{
    public static readonly PostgresDialect Instance = new();

    private PostgresDialect()
    {
    }

    public override string NullSafeEquals => "IS NOT DISTINCT FROM";

    public override string JsonCast => "::jsonb";

    public override object Instant(DateTimeOffset instant) => Truncate(instant);

    public override DateTimeOffset ReadInstant(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    // Dapper hands an array to Npgsql as one text[] parameter.
    public override string In(string column, string parameter) => $"{column} = ANY(@{parameter})";

    public override bool TryMapRefusal(DbException exception, [NotNullWhen(true)] out (StoreOutcome Outcome, string Field, string Message)? refused)
    {
        refused = null;
        return exception is PostgresException postgres && PostgresConflicts.TryMap(postgres, out refused);
    }

    public override bool TryMapUnavailable(Exception exception, out StorageFailure reason, [NotNullWhen(true)] out string? cause) =>
        PostgresFailures.TryMap(exception, out reason, out cause);

    public override bool TryMapInUse(DbException exception, [NotNullWhen(true)] out string? message)
    {
        message = exception is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation } postgres
            ? $"the resource is in use: {postgres.TableName} refer to it"
            : null;
        return message is not null;
    }

    /// <summary>The instant as it will read back: cut to the millisecond, in UTC (Npgsql writes timestamptz only at offset 0).</summary>
    internal static DateTimeOffset Truncate(DateTimeOffset instant) => DateTimeOffset.FromUnixTimeMilliseconds(instant.ToUnixTimeMilliseconds());
}
