using Microsoft.Extensions.Logging;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Vitals.Storage.Postgres;

/// <summary>
/// A role only one node of those sharing the database may hold at a time: a session-level advisory lock
/// (<c>pg_try_advisory_lock</c>) taken on a connection of its own and held as long as that connection lives. Asked
/// for again every <see cref="RetryInterval"/> while another node holds it; while held, the connection is checked as
/// often, and a failed check gives the role up at once (the node stops acting on it; PostgreSQL frees the lock when it
/// sees the session end, at once when the node dies, after its keepalive when the network does). Nothing is written:
/// the holder is visible in <c>pg_locks</c> / <c>pg_stat_activity</c> (application <c>vitals-lease NAME NODE</c>).
/// </summary>
public sealed partial class PostgresLease : IAsyncDisposable
{
    /// <summary>How often the lock is asked for, and the held connection checked.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    private readonly NpgsqlDataSource _source;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private NpgsqlConnection? _connection;
    private Task _loop = Task.CompletedTask;
    private volatile bool _held;

    internal PostgresLease(NpgsqlConnectionStringBuilder settings, string name, string nodeId, TimeProvider time, ILogger logger)
    {
        Name = name;
        Key = KeyOf(name);
        _time = time;
        _logger = logger;
        var own = new NpgsqlConnectionStringBuilder(settings.ConnectionString)
        {
            Pooling = false,
            KeepAlive = 5,
            ApplicationName = Truncate($"vitals-lease {name} {nodeId}", 63),
        };
        _source = NpgsqlDataSource.Create(own);
    }

    public string Name { get; }

    /// <summary>The advisory lock key: the first 8 bytes of the SHA-256 of "vitals:" and the name.</summary>
    public long Key { get; }

    /// <summary>Whether this node holds the role now.</summary>
    public bool IsHeld => _held;

    public static long KeyOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("vitals:" + name), hash);
        return BitConverter.ToInt64(hash[..8]);
    }

    /// <summary>Starts asking for the lock (and keeping it); returns at once.</summary>
    public void Start() => _loop = RunAsync(_stopping.Token);

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _loop;
        await DropAsync(); // closing the session releases the lock
        await _source.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (_connection is null)
                {
                    _connection = await _source.OpenConnectionAsync(stopping);
                }

                await using (var command = new NpgsqlCommand(_held ? "SELECT true" : "SELECT pg_try_advisory_lock(@key)", _connection))
                {
                    command.Parameters.AddWithValue("key", Key);
                    command.CommandTimeout = 5;
                    var held = (bool)(await command.ExecuteScalarAsync(stopping))!;
                    if (held != _held)
                    {
                        _held = held;
                        Log.Changed(_logger, Name, held);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException or IOException)
            {
                if (_held)
                {
                    _held = false;
                    Log.Lost(_logger, Name, ex);
                }

                await DropAsync();
            }

            try
            {
                await Task.Delay(RetryInterval, _time, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private async Task DropAsync()
    {
        _held = false;
        if (_connection is { } connection)
        {
            _connection = null;
            try
            {
                await connection.DisposeAsync();
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException)
            {
                // a broken connection: nothing to release from here
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3310, EventName = "LeaseChanged", Level = LogLevel.Information,
            Message = "Lease {Name}: held by this node: {Held}")]
        public static partial void Changed(ILogger logger, string name, bool held);

        [LoggerMessage(EventId = 3311, EventName = "LeaseLost", Level = LogLevel.Warning,
            Message = "Lease {Name}: its connection failed; given up until the lock can be taken again")]
        public static partial void Lost(ILogger logger, string name, Exception exception);
    }
}
