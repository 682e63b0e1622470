using Dapper;
using Npgsql;
using Vitals.Storage.Postgres;
using Vitals.Testing;

namespace Vitals.Storage.Tests.Postgres;

/// <summary>
/// The contract on a real PostgreSQL server (the assembly's throwaway cluster), each test in a database of its own
/// (created before, dropped after), plus what only the PostgreSQL store has.
/// </summary>
public sealed class PostgresStoreContractTests(PostgresClusterFixture fixture) : StoreContractTests
{
    private PostgresCluster _cluster = null!;
    private string? _database;

    private string ConnectionString => _cluster.ConnectionString(_database!);

    public override async ValueTask InitializeAsync()
    {
        var cluster = await fixture.GetAsync(Ct);
        if (cluster is null)
        {
            if (PostgresClusterFixture.MustFailWhenUnavailable)
            {
                Assert.Fail(fixture.UnavailableReason);
            }

            Assert.Skip(fixture.UnavailableReason);
        }

        _cluster = cluster;
        _database = await cluster.CreateDatabaseAsync("store", Ct);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        if (_database is null)
        {
            GC.SuppressFinalize(this);
            return;
        }

        await base.DisposeAsync();
        await _cluster.DropDatabaseAsync(_database, CancellationToken.None);
    }

    protected override async Task<IStore> OpenEmptyAsync(TimeProvider timeProvider) =>
        await PostgresStore.OpenAsync(ConnectionString, timeProvider, cancellationToken: Ct);

    protected override async Task<IStore> ReopenAsync(IStore store, TimeProvider timeProvider)
    {
        await store.DisposeAsync();
        return await PostgresStore.OpenAsync(ConnectionString, timeProvider, cancellationToken: Ct);
    }

    [Fact]
    public async Task OpenAsync_NewDatabase_EveryMigrationRecordedOnce()
    {
        await using var connection = await OpenRawAsync();

        var rows = (await connection.QueryAsync<(int Version, DateTime AppliedAt)>("SELECT version, applied_at FROM schema_migrations ORDER BY version"))
            .ToList();
        Assert.Equal(PostgresMigrator.Embedded().Select(m => m.Version), rows.Select(r => r.Version));
        Assert.Equal(1, rows[0].Version);
        Assert.All(rows, r => Assert.Equal(Start.UtcDateTime, r.AppliedAt));
    }

    [Fact]
    public async Task OpenAsync_UpToDateDatabase_AppliesNothingAndKeepsData()
    {
        var project = await NewProjectAsync("kept");
        Time.Advance(TimeSpan.FromHours(1));

        await RestartAsync();
        await RestartAsync();

        await using var connection = await OpenRawAsync();
        Assert.Equal(PostgresMigrator.Embedded().Count, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations"));
        Assert.Equal([project], await Sut.ListProjectsAsync(Ct));
    }

    [Fact]
    public async Task OpenAsync_NodesStartingTogetherOnAnEmptyDatabase_MigrateOnceAndAllOpen()
    {
        var database = await _cluster.CreateDatabaseAsync("race", Ct);
        try
        {
            var opening = new Task<PostgresStore>[6];
            for (var i = 0; i < opening.Length; i++)
            {
                opening[i] = PostgresStore.OpenAsync(_cluster.ConnectionString(database), Time, cancellationToken: Ct);
            }

            var stores = await Task.WhenAll(opening);
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }

            await using var connection = new NpgsqlConnection(_cluster.ConnectionString(database));
            await connection.OpenAsync(Ct);
            Assert.Equal(PostgresMigrator.Embedded().Count, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations"));
            Assert.Equal(0, await MigratorLocksAsync(connection));
        }
        finally
        {
            await _cluster.DropDatabaseAsync(database, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Migrator_FailingStep_RolledBackEarlierStepsKeptAndLockReleased()
    {
        await using var connection = await OpenRawAsync();
        await connection.ExecuteAsync("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        Migration[] steps =
        [
            new(1, "0001_one", "CREATE TABLE one (x integer);"),
            new(2, "0002_broken", "CREATE TABLE two (x integer); INSERT INTO missing_table VALUES (1);"),
        ];

        await Assert.ThrowsAsync<PostgresException>(() => PostgresMigrator.ApplyAsync(connection, steps, Start, Ct));
        var applied = await PostgresMigrator.ApplyAsync(connection, steps[..1], Start, Ct);

        Assert.Empty(applied);
        Assert.Equal([1], await connection.QueryAsync<int>("SELECT version FROM schema_migrations"));
        Assert.Null(await connection.ExecuteScalarAsync<string?>("SELECT to_regclass('two')::text"));
        Assert.NotNull(await connection.ExecuteScalarAsync<string?>("SELECT to_regclass('one')::text"));
        Assert.Equal(0, await MigratorLocksAsync(connection));
        await using (var holder = await OpenRawAsync())
        {
            // The count sees the lock when it is held: the zero above is not a query that can only say zero.
            await holder.ExecuteAsync("SELECT pg_advisory_lock(@Key)", new { Key = PostgresMigrator.LockKey });
            Assert.Equal(1, await MigratorLocksAsync(connection));
            await holder.ExecuteAsync("SELECT pg_advisory_unlock(@Key)", new { Key = PostgresMigrator.LockKey });
        }

        Assert.Equal([2], await PostgresMigrator.ApplyAsync(connection, [steps[0], steps[1] with { Sql = "CREATE TABLE two (x integer);" }], Start, Ct));
    }

    /// <summary>
    /// Holders of the migrator's advisory lock in this connection's database. Only that key and database: other tests
    /// write to other databases of the same cluster meanwhile, and the change feed takes an advisory lock of its own
    /// for every write.
    /// </summary>
    private static Task<long> MigratorLocksAsync(NpgsqlConnection connection) =>
        connection.ExecuteScalarAsync<long>(
            """
            SELECT COUNT(*) FROM pg_locks
            WHERE locktype = 'advisory' AND objsubid = 1
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND classid::bigint = @High AND objid::bigint = @Low
            """,
            new { High = PostgresMigrator.LockKey >> 32, Low = PostgresMigrator.LockKey & 0xFFFF_FFFF });

    [Fact]
    public async Task Instants_SubMillisecondParts_CutToTheMillisecondAsSqliteDoes()
    {
        Time.Advance(TimeSpan.FromTicks(4567));

        var project = await NewProjectAsync("cut");
        var lb = await NewLoadBalancerAsync(project);

        var expected = DateTimeOffset.FromUnixTimeMilliseconds(Time.GetUtcNow().ToUnixTimeMilliseconds());
        Assert.NotEqual(Time.GetUtcNow(), expected);
        Assert.Equal(expected, project.CreatedAt);
        Assert.Equal(expected, lb.CreatedAt);
        Assert.Equal(expected, (await Sut.GetLoadBalancerAsync(project.Id, lb.Id, Ct))!.UpdatedAt);
    }

    [Theory]
    [InlineData("prj-gone", "sgp-gone", "project_id")]
    [InlineData(null, "sgp-gone", "pool_id")]
    public async Task ForeignKeyViolation_ReferenceGoneMeanwhile_NotFoundNamingTheField(string? projectId, string poolId, string field)
    {
        // What another node's delete between our check and our insert looks like: the foreign key refuses the row.
        projectId ??= (await NewProjectAsync()).Id;
        await using var connection = await OpenRawAsync();
        var exception = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            """
            INSERT INTO members (id, project_id, pool_id, name, address, protocol_port, weight, admin_state_up, created_at, updated_at)
            VALUES ('mbr-x', @projectId, @poolId, '', '10.0.0.1', 80, 1, true, now(), now())
            """, new { projectId, poolId }));

        Assert.True(PostgresConflicts.TryMap(exception, out var refused), exception.ConstraintName);
        Assert.Equal((StoreOutcome.NotFound, field), (refused.Value.Outcome, refused.Value.Field));
    }

    [Fact]
    public async Task DeletePool_MemberAddedByAnotherNodeMeanwhile_ConflictNotAnException()
    {
        var project = await NewProjectAsync();
        var pool = await NewPoolAsync(await NewLoadBalancerAsync(project));
        await using var connection = await OpenRawAsync();
        await using var transaction = await connection.BeginTransactionAsync(Ct);
        // Another node inserts a member and holds its transaction open while this node deletes the pool.
        await connection.ExecuteAsync(
            """
            INSERT INTO members (id, project_id, pool_id, name, address, protocol_port, weight, admin_state_up, created_at, updated_at)
            VALUES ('mbr-late', @ProjectId, @Id, '', '10.0.0.1', 80, 1, true, now(), now())
            """, new { pool.ProjectId, pool.Id }, transaction);

        var deleting = Sut.DeleteServerGroupAsync(project.Id, pool.Id, Ct);
        await Task.Delay(200, Ct);
        await transaction.CommitAsync(Ct);
        var result = await deleting;

        AssertConflict(result, "id");
        Assert.NotNull(await Sut.GetServerGroupAsync(project.Id, pool.Id, Ct));
    }

    [Fact]
    public async Task OpenAsync_NoServerListening_ThrowsNpgsqlException()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        await Assert.ThrowsAnyAsync<NpgsqlException>(() =>
            PostgresStore.OpenAsync($"postgres://vitals@127.0.0.1:{port}/none", Time, cancellationToken: Ct));
    }

    protected override string RawNow => "now()";

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

    private async Task<NpgsqlConnection> OpenRawAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(Ct);
        return connection;
    }
}
