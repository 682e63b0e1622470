using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Dapper;

namespace Vitals.Storage.Sql;

/// <summary>
/// Applies embedded <c>NNNN_name.sql</c> scripts in version order, each in its own transaction with its row in
/// <c>schema_migrations</c>, so a failing script leaves the schema at the previous version. Opening an up-to-date
/// database runs nothing. Each engine has its own scripts (the schemas differ in types) under its own resource prefix.
/// </summary>
internal static class SqlMigrator
{
    /// <summary>The migrations embedded under <paramref name="resourcePrefix"/>, in version order.</summary>
    public static IReadOnlyList<Migration> Embedded(string resourcePrefix)
    {
        var assembly = typeof(SqlMigrator).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(resourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[resourcePrefix.Length..^".sql".Length];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), NumberStyles.None, CultureInfo.InvariantCulture);
            migrations.Add(new Migration(version, name, Read(assembly, resource)));
        }

        migrations.Sort(static (a, b) => a.Version.CompareTo(b.Version));
        return migrations;
    }

    /// <summary>
    /// Creates <c>schema_migrations</c> with <paramref name="createTableSql"/> when missing and applies what is missing;
    /// returns the versions applied now (empty when the schema was up to date). <paramref name="appliedAt"/> is the
    /// value of the <c>applied_at</c> column, as the engine stores instants.
    /// </summary>
    public static async Task<IReadOnlyList<int>> ApplyAsync(DbConnection connection, string createTableSql, IReadOnlyList<Migration> migrations,
        object appliedAt, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(createTableSql, cancellationToken: cancellationToken));
        var applied = new List<int>();
        foreach (var migration in migrations)
        {
            // Checked inside the step's transaction (a write transaction in SQLite) so that two processes cannot both apply it.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var done = await connection.ExecuteScalarAsync(new CommandDefinition(
                "SELECT version FROM schema_migrations WHERE version = @Version", new { migration.Version }, transaction,
                cancellationToken: cancellationToken));
            if (done is not (null or DBNull))
            {
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                new { migration.Version, migration.Name, AppliedAt = appliedAt }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            applied.Add(migration.Version);
        }

        return applied;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Missing embedded migration {resource}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
