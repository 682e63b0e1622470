using System.Globalization;
using System.Reflection;
using Dapper;
using Npgsql;

namespace Vitals.Storage.Postgres;

/// <summary>
/// Applies the embedded <c>Migrations/Postgres/NNNN_name.sql</c> scripts in version order, each in its own transaction
/// with its row in <c>schema_migrations</c>, so a failing script leaves the schema at the previous version. The whole
/// run holds a session advisory lock: nodes that start together against one database take turns, and the later ones
/// find every step recorded and apply nothing.
/// </summary>
internal static class PostgresMigrator
{
    /// <summary>The advisory lock key: "Vitals" in ASCII, so it is recognisable in <c>pg_locks</c>.</summary>
    public const long LockKey = 0x56_69_74_61_6C_73;

    private const string ResourcePrefix = "Vitals.Storage.PostgresMigrations.";

    /// <summary>The migrations shipped in this assembly, in version order.</summary>
    public static IReadOnlyList<Migration> Embedded()
    {
        var assembly = typeof(PostgresMigrator).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[ResourcePrefix.Length..^".sql".Length];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), NumberStyles.None, CultureInfo.InvariantCulture);
            migrations.Add(new Migration(version, name, Read(assembly, resource)));
        }

        migrations.Sort(static (a, b) => a.Version.CompareTo(b.Version));
        return migrations;
    }

    /// <summary>Applies what is missing; returns the versions applied now (empty when the schema was up to date).</summary>
    public static async Task<IReadOnlyList<int>> ApplyAsync(
        NpgsqlConnection connection, IReadOnlyList<Migration> migrations, DateTimeOffset appliedAt, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@LockKey)", new { LockKey }, cancellationToken: cancellationToken));
        try
        {
            // Under the lock: two concurrent CREATE TABLE IF NOT EXISTS can still collide in the catalog.
            await connection.ExecuteAsync(new CommandDefinition(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)",
                cancellationToken: cancellationToken));
            var applied = new List<int>();
            foreach (var migration in migrations)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var done = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
                    "SELECT version FROM schema_migrations WHERE version = @Version", new { migration.Version }, transaction,
                    cancellationToken: cancellationToken));
                if (done is not null)
                {
                    continue;
                }

                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                    new { migration.Version, migration.Name, AppliedAt = PostgresValues.Truncate(appliedAt) }, transaction,
                    cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                applied.Add(migration.Version);
            }

            return applied;
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

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Missing embedded migration {resource}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
