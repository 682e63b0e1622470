using Dapper;
using Npgsql;
using Vitals.Storage.Sql;

namespace Vitals.Storage.Postgres;

/// <summary>
/// The PostgreSQL schema steps: <c>Migrations/Postgres/NNNN_name.sql</c>, applied by <see cref="SqlMigrator"/>. The
/// whole run holds a session advisory lock: nodes that start together against one database take turns, and the later
/// ones find every step recorded and apply nothing.
/// </summary>
internal static class PostgresMigrator
{
    /// <summary>The advisory lock key: "Vitals" in ASCII, so it is recognisable in <c>pg_locks</c>.</summary>
    public const long LockKey = 0x56_69_74_61_6C_73;

    private const string ResourcePrefix = "Vitals.Storage.PostgresMigrations.";

    // Created under the lock: two concurrent CREATE TABLE IF NOT EXISTS can still collide in the catalog.
    private const string CreateTableSql =
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)";

    /// <summary>The migrations shipped in this assembly, in version order.</summary>
    public static IReadOnlyList<Migration> Embedded() => SqlMigrator.Embedded(ResourcePrefix);

    /// <summary>Applies what is missing; returns the versions applied now (empty when the schema was up to date).</summary>
    public static async Task<IReadOnlyList<int>> ApplyAsync(
        NpgsqlConnection connection, IReadOnlyList<Migration> migrations, DateTimeOffset appliedAt, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@LockKey)", new { LockKey }, cancellationToken: cancellationToken));
        try
        {
            return await SqlMigrator.ApplyAsync(connection, CreateTableSql, migrations, PostgresDialect.Truncate(appliedAt), cancellationToken);
        }
        finally
        {
            // A broken connection releases the lock with the session; a live one must say so before going back to the pool.
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@LockKey)", new { LockKey },
                    cancellationToken: CancellationToken.None));
            }
        }
    }
}
