using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Vitals.Storage.Sql;

namespace Vitals.Storage.Postgres;

/// <summary>
/// The shared store: a PostgreSQL database that several Vitals nodes may use at once. Every write runs in one READ
/// COMMITTED transaction that commits only when the call succeeds; the database's own constraints (unique indexes,
/// foreign keys) settle races between nodes, and their violations become the same Conflict / NotFound results the
/// SQLite store gives. Reads of several statements run in one REPEATABLE READ snapshot. Connections come from one
/// pooled <see cref="NpgsqlDataSource"/>. The store's rules are <see cref="SqlStore"/>'s; this type says how to connect
/// and which transactions to run.
/// </summary>
public sealed partial class PostgresStore : SqlStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresChangeFeed _changes;
    private NpgsqlConnectionStringBuilder? _settings;

    private PostgresStore(NpgsqlDataSource dataSource, PostgresChangeFeed changes, TimeProvider timeProvider)
        : base(PostgresDialect.Instance, timeProvider, oneWriter: false)
    {
        _dataSource = dataSource;
        _changes = changes;
    }

    /// <summary>
    /// The application_name of a node's listening connection (followed by a space and the node id, cut to 63
    /// characters), so operators can find it in <c>pg_stat_activity</c>.
    /// </summary>
    public const string ListenerApplicationName = "vitals-listen";

    /// <summary>The session setting holding the node id on every connection of this store.</summary>
    public const string NodeSetting = "vitals.node";

    /// <summary>The changes every node sharing this database makes to resources, this node's included (see <see cref="IChangeFeed"/>).</summary>
    public IChangeFeed Changes => _changes;

    /// <summary>This node's id, as its sessions carry it.</summary>
    public string NodeId { get; private init; } = "";

    /// <summary>
    /// A role for one node at a time among those sharing the database (<see cref="PostgresLease"/>), not yet asked for:
    /// <see cref="PostgresLease.Start"/> it; dispose it to give it up.
    /// </summary>
    public PostgresLease CreateLease(string name, ILogger? logger = null) =>
        new(_settings ?? throw new InvalidOperationException("the store is not open"), name, NodeId, Clock, logger ?? Logger);

    /// <summary>Where the store is, without the password (for logs and messages).</summary>
    public string Description { get; private init; } = "";

    /// <summary>
    /// Connects to the database named by <paramref name="connectionString"/> (a <c>postgres://</c> URL or an Npgsql
    /// <c>Host=...;Database=...</c> string, see <see cref="PostgresConnectionString"/>) and applies the missing
    /// migrations under an advisory lock, so nodes starting together migrate once. Throws
    /// <see cref="NpgsqlException"/> when the server cannot be reached or refuses the login. <c>nodeId</c> is the origin
    /// this node's changes carry in <see cref="Changes"/> (see <see cref="NodeIds"/>); null makes one.
    /// </summary>
    public static async Task<PostgresStore> OpenAsync(string connectionString, TimeProvider? timeProvider = null,
        ILogger<PostgresStore>? logger = null, string? nodeId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        nodeId ??= NodeIds.New(Environment.MachineName, Random.Shared);
        if (!NodeIds.IsValid(nodeId))
        {
            throw new ArgumentException($"a node id is {NodeIds.Rule} (got '{nodeId}')", nameof(nodeId));
        }

        timeProvider ??= TimeProvider.System;
        var log = (ILogger?)logger ?? NullLogger.Instance;
        var builder = new NpgsqlDataSourceBuilder(PostgresConnectionString.Normalize(connectionString));
        builder.ConnectionStringBuilder.ApplicationName ??= "vitals";
        // The node as a session setting: member_transitions.node takes it as its default (see 0002_changes.sql).
        builder.ConnectionStringBuilder.Options = $"{builder.ConnectionStringBuilder.Options} -c {NodeSetting}={nodeId}".TrimStart();
        var description = PostgresConnectionString.Describe(builder.ConnectionStringBuilder);
        var dataSource = builder.Build();
        var changes = new PostgresChangeFeed(dataSource, builder.ConnectionStringBuilder, nodeId, timeProvider, log);
        var store = new PostgresStore(dataSource, changes, timeProvider)
        {
            Description = description, Logger = log, _settings = builder.ConnectionStringBuilder, NodeId = nodeId,
        };
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var applied = await PostgresMigrator.ApplyAsync(connection, PostgresMigrator.Embedded(), timeProvider.GetUtcNow(), cancellationToken);
            foreach (var version in applied)
            {
                Log.MigrationApplied(log, version, description);
            }
        }
        catch
        {
            await changes.DisposeAsync();
            await dataSource.DisposeAsync();
            throw;
        }

        Log.Opened(log, description);
        return store;
    }

    private protected override async ValueTask CloseAsync()
    {
        await _changes.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    private protected override Task RecordChangeAsync(StoreDb db, ChangeKind kind, ChangeOp op, string projectId, string id, object at) =>
        _changes.RecordAsync(db, kind, op, projectId, id, at);

    private protected override void Discard(DbConnection connection) => NpgsqlConnection.ClearPool((NpgsqlConnection)connection);

    private protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// A read of one statement runs without a transaction (the statement is its own snapshot, no extra round trip);
    /// several run in one REPEATABLE READ snapshot; writes in READ COMMITTED, the constraints settling races.
    /// </summary>
    private protected override async ValueTask<DbTransaction?> BeginAsync(DbConnection connection, StoreAccess access,
        CancellationToken cancellationToken) =>
        access switch
        {
            StoreAccess.Read => null,
            StoreAccess.Snapshot => await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken),
            _ => await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken),
        };

    /// <summary>
    /// An UPDATE of no row: it locks and changes nothing, yet a read-only transaction or a standby refuses it (25006) as
    /// it would any write, before it runs.
    /// </summary>
    private protected override Task ProbeWriteAsync(StoreDb db) => db.ExecuteAsync("UPDATE projects SET id = id WHERE false");
}
