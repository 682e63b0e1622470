using Dapper;
using Microsoft.Data.Sqlite;
using Vitals.Storage.Sqlite;

namespace Vitals.Storage.Tests.Sqlite;

/// <summary>The contract on a real SQLite file in a temporary directory (removed afterwards), plus what only SQLite has.</summary>
public sealed class SqliteStoreTests : StoreContractTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vitals-store-").FullName;

    private string DatabasePath => Path.Combine(_directory, "vitals.db");

    protected override async Task<IStore> OpenEmptyAsync(TimeProvider timeProvider) =>
        await SqliteStore.OpenAsync(DatabasePath, timeProvider, cancellationToken: Ct);

    protected override async Task<IStore> ReopenAsync(IStore store, TimeProvider timeProvider)
    {
        await store.DisposeAsync();
        return await SqliteStore.OpenAsync(DatabasePath, timeProvider, cancellationToken: Ct);
    }

    protected override string RawNow => "0";

    protected override async Task<int> ExecuteRawAsync(string sql, object? parameters = null)
    {
        await using var connection = await OpenRawAsync();
        return await connection.ExecuteAsync(sql, parameters);
    }

    protected override async Task<T?> ScalarRawAsync<T>(string sql, object? parameters = null)
        where T : default
    {
        await using var connection = await OpenRawAsync();
        return await connection.ExecuteScalarAsync<T>(sql, parameters);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task OpenAsync_NewFile_WalModeAndEveryMigrationRecorded()
    {
        await using var connection = await OpenRawAsync();

        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        var versions = (await connection.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
        Assert.Equal(SqliteMigrator.Embedded().Select(m => (long)m.Version), versions);
        Assert.Equal(1, versions[0]);
    }

    [Fact]
    public async Task Library_IsTheBundledSqliteNotTheSystemOne()
    {
        // Microsoft.Data.Sqlite brings its own e_sqlite3 build (3.53.3 with 10.0.15); Debian's libsqlite3 is older.
        await using var connection = await OpenRawAsync();

        var version = Version.Parse(await connection.ExecuteScalarAsync<string>("SELECT sqlite_version()") ?? "0.0");

        Assert.True(version >= new Version(3, 53), $"SQLite {version}");
    }

    [Fact]
    public async Task OpenAsync_UpToDateDatabase_AppliesNothingAndKeepsData()
    {
        var project = await NewProjectAsync("kept");
        Time.Advance(TimeSpan.FromHours(1));

        await RestartAsync();
        await RestartAsync();

        await using var connection = await OpenRawAsync();
        var rows = (await connection.QueryAsync<(long Version, long AppliedAt)>("SELECT version, applied_at FROM schema_migrations")).ToList();
        Assert.Equal(SqliteMigrator.Embedded().Count, rows.Count);
        Assert.All(rows, r => Assert.Equal(Start.ToUnixTimeMilliseconds(), r.AppliedAt));
        Assert.Equal([project], await Sut.ListProjectsAsync(Ct));
    }

    [Fact]
    public async Task Migrator_FailingStep_RolledBackAndEarlierStepsKept()
    {
        await using var connection = await OpenRawAsync(Path.Combine(_directory, "migrations.db"));
        Migration[] steps =
        [
            new(1, "0001_one", "CREATE TABLE one (x INTEGER);"),
            new(2, "0002_broken", "CREATE TABLE two (x INTEGER); INSERT INTO missing_table VALUES (1);"),
        ];

        await Assert.ThrowsAsync<SqliteException>(() => SqliteMigrator.ApplyAsync(connection, steps, 1, Ct));
        var applied = await SqliteMigrator.ApplyAsync(connection, steps[..1], 2, Ct);

        Assert.Empty(applied);
        Assert.Equal([1L], await connection.QueryAsync<long>("SELECT version FROM schema_migrations"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'two'"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'one'"));
        Assert.Equal([2], await SqliteMigrator.ApplyAsync(connection, [steps[0], steps[1] with { Sql = "CREATE TABLE two (x INTEGER);" }], 3, Ct));
    }

    [Fact]
    public async Task Migration3_DatabaseWithTokens_NamesThemDefault_AndTheyKeepWorking()
    {
        var path = Path.Combine(_directory, "old.db");
        await using (var connection = await OpenRawAsync(path))
        {
            await SqliteMigrator.ApplyAsync(connection, [.. SqliteMigrator.Embedded().Where(m => m.Version <= 2)], 1, Ct);
            await connection.ExecuteAsync(
                """
                INSERT INTO projects (id, name, created_at) VALUES ('prj-old', 'old', 1);
                INSERT INTO credentials (project_id, kind, key_id, secret, extra, description, created_at)
                VALUES ('prj-old', 'Token', 'h1', '', NULL, '', 1), ('prj-old', 'Token', 'h2', '', NULL, '', 2),
                       ('prj-old', 'AlibabaAccessKey', 'LTAIold', 'secret', NULL, 'sdk', 3);
                """);
        }

        await using var store = await SqliteStore.OpenAsync(path, Time, cancellationToken: Ct);

        var tokens = await store.ListTokensAsync("prj-old", Ct);
        Assert.Equal(["default", "default-" + tokens[1].Id], tokens.Select(t => t.Name));
        Assert.All(tokens, t => Assert.True(t.IsValidAt(Start)));
        Assert.Equal("prj-old", (await store.FindTokenAsync("h2", Ct))!.ProjectId);
        Assert.Equal("secret", (await store.FindCredentialAsync(CredentialKind.AlibabaAccessKey, "LTAIold", Ct))!.Secret);
        var created = await store.CreateTokenAsync(new ProjectToken { ProjectId = "prj-old", Name = "default", Hash = "h3" }, Ct);
        Assert.Equal((StoreOutcome.Conflict, "name"), (created.Outcome, created.Field));
    }

    [Fact]
    public void EmbeddedMigrations_NumberedFromOneWithoutGaps()
    {
        var migrations = SqliteMigrator.Embedded();

        Assert.NotEmpty(migrations);
        Assert.Equal(Enumerable.Range(1, migrations.Count), migrations.Select(m => m.Version));
        // Each is real schema SQL (an embedded resource mix-up would show here), not only the first one's CREATEs.
        Assert.All(migrations, m => Assert.Matches(@"\b(CREATE|ALTER) TABLE\b", m.Sql));
    }

    private async Task<SqliteConnection> OpenRawAsync(string? path = null)
    {
        var connection = new SqliteConnection($"Data Source={path ?? DatabasePath};Pooling=False");
        await connection.OpenAsync(Ct);
        return connection;
    }
}
