using System.Data;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using Vitals.Storage.Sql;

namespace Vitals.Storage.Postgres;

/// <summary>
/// The change feed of a PostgreSQL store shared by several nodes: a <c>changes</c> row and a <c>pg_notify</c> in the
/// transaction of every resource write (so both exist exactly when the write commits), read back by seq, and a
/// dedicated <c>LISTEN</c> connection that wakes the follower. The rows are the truth: a notification only says "read
/// now", so one lost while the listener was disconnected costs latency, never a change.
/// </summary>
/// <remarks>
/// Ordering: a writer takes the transaction advisory lock <see cref="LockKey"/> just before inserting its row and keeps
/// it until its commit, so seqs are handed out in commit order and PostgreSQL makes a commit visible before it releases
/// the lock. A reader that has seen seq N therefore never later finds a committed row below N, and "everything after
/// my last seq" is exact. The lock is held only from the row's insert to the commit: writes that record no change
/// (health) never take it.
/// </remarks>
internal sealed partial class PostgresChangeFeed : IChangeFeed, IAsyncDisposable
{
    /// <summary>The notification channel.</summary>
    public const string Channel = "vitals_changes";

    /// <summary>The advisory lock key: "VitalC" in ASCII (the migration lock is "Vitals").</summary>
    public const long LockKey = 0x56_69_74_61_6C_43;

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(10);

    private const string RecordSql =
        $"""
        SELECT pg_advisory_xact_lock(@LockKey);
        WITH c AS (
            INSERT INTO changes (kind, op, project_id, id, origin, at) VALUES (@kind, @op, @projectId, @id, @origin, @at) RETURNING seq)
        SELECT pg_notify('{Channel}', @origin || ' ' || c.seq || ' ' || @kind || ' ' || @op || ' ' || @projectId || ' ' || @id) FROM c
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _listenSource;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public PostgresChangeFeed(NpgsqlDataSource dataSource, NpgsqlConnectionStringBuilder settings, string nodeId, TimeProvider time,
        ILogger logger)
    {
        _dataSource = dataSource;
        _time = time;
        _logger = logger;
        NodeId = nodeId;

        // Its own unpooled connection: a listening session must never go back to a pool, and one killed by the server
        // must be dropped, not reused. Keepalives make a silently dead connection fail instead of waiting forever.
        var listen = new NpgsqlConnectionStringBuilder(settings.ConnectionString)
        {
            Pooling = false,
            KeepAlive = 10,
            ApplicationName = Truncate($"{PostgresStore.ListenerApplicationName} {nodeId}", NodeIds.MaxLength),
        };
        _listenSource = NpgsqlDataSource.Create(listen);
    }

    public string NodeId { get; }

    /// <summary>Writes the change's row and its notification inside <paramref name="db"/>'s transaction.</summary>
    public Task RecordAsync(StoreDb db, ChangeKind kind, ChangeOp op, string projectId, string id, object at) =>
        db.ExecuteAsync(RecordSql, new { LockKey, kind = kind.ToString(), op = op.ToString(), projectId, id, origin = NodeId, at });

    public async Task<long> LatestAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        // Past everything pruned too, so that a node starting on an emptied feed does not think it missed changes.
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT GREATEST((SELECT max(seq) FROM changes), pruned_through) FROM changes_pruned", cancellationToken: cancellationToken));
    }

    public async Task<ChangeBatch> ReadAfterAsync(long after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot: the rows and how far pruning went must agree, or a prune in between would hide a loss.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var prunedThrough = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT pruned_through FROM changes_pruned", transaction: transaction, cancellationToken: cancellationToken));
        var changes = new List<StoreChange>();
        await using (var command = new NpgsqlCommand(
            "SELECT seq, kind, op, project_id, id, origin, at FROM changes WHERE seq > @after ORDER BY seq LIMIT @limit", connection, transaction))
        {
            command.Parameters.AddWithValue("after", after);
            command.Parameters.AddWithValue("limit", limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                changes.Add(new StoreChange(
                    reader.GetInt64(0),
                    Enum.Parse<ChangeKind>(reader.GetString(1)),
                    Enum.Parse<ChangeOp>(reader.GetString(2)),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.GetFieldValue<DateTimeOffset>(6)));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new ChangeBatch(changes, Missed: prunedThrough > after);
    }

    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var seqs = (await connection.QueryAsync<long>(new CommandDefinition(
            "DELETE FROM changes WHERE at < @before RETURNING seq", new { before = PostgresDialect.Truncate(before) }, transaction,
            cancellationToken: cancellationToken))).AsList();
        if (seqs.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE changes_pruned SET pruned_through = GREATEST(pruned_through, @through)", new { through = seqs.Max() }, transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return seqs.Count;
    }

    public async Task ListenAsync(Action wake, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wake);
        var pause = FirstPause;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _listenSource.OpenConnectionAsync(cancellationToken);
                connection.Notification += (_, notification) =>
                {
                    if (!IsOwn(notification.Payload))
                    {
                        wake();
                    }
                };
                await using (var command = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }

                Log.Listening(_logger, NodeId);
                pause = FirstPause;
                // Whatever was committed while no one listened is in the rows: read them now.
                wake();
                while (true)
                {
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a listener that gives up would leave the node following by polling only: log and reconnect
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.ListenerLost(_logger, exception, pause.TotalMilliseconds);
            }

            try
            {
                await Task.Delay(pause, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
        }
    }

    public ValueTask DisposeAsync() => _listenSource.DisposeAsync();

    /// <summary>Whether a notification's payload (<c>origin seq kind op project id</c>) names this node as its origin.</summary>
    private bool IsOwn(string payload) =>
        payload.Length > NodeId.Length && payload[NodeId.Length] == ' ' && payload.StartsWith(NodeId, StringComparison.Ordinal);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private static partial class Log
    {
        [LoggerMessage(EventId = 3102, EventName = "ChangeFeedListening", Level = LogLevel.Information,
            Message = "Listening for other nodes' changes as node {NodeId}")]
        public static partial void Listening(ILogger logger, string nodeId);

        [LoggerMessage(EventId = 3103, EventName = "ChangeFeedListenerLost", Level = LogLevel.Warning,
            Message = "The change listener connection failed; reconnecting in {PauseMs} ms (changes are still read every few seconds)")]
        public static partial void ListenerLost(ILogger logger, Exception exception, double pauseMs);
    }
}
