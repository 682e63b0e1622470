using Microsoft.Data.Sqlite;
using Vitals.Storage.Sql;

namespace Vitals.Storage.Sqlite;

/// <summary>The SQLite schema steps: <c>Migrations/NNNN_name.sql</c>, applied by <see cref="SqlMigrator"/>.</summary>
internal static class SqliteMigrator
{
    private const string ResourcePrefix = "Vitals.Storage.Migrations.";

    private const string CreateTableSql =
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)";

    /// <summary>The migrations shipped in this assembly, in version order.</summary>
    public static IReadOnlyList<Migration> Embedded() => SqlMigrator.Embedded(ResourcePrefix);

    /// <summary>Applies what is missing; returns the versions applied now (empty when the schema was up to date).</summary>
    public static Task<IReadOnlyList<int>> ApplyAsync(
        SqliteConnection connection, IReadOnlyList<Migration> migrations, long appliedAtMs, CancellationToken cancellationToken) =>
        SqlMigrator.ApplyAsync(connection, CreateTableSql, migrations, appliedAtMs, cancellationToken);
}
