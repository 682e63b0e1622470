using Vitals.Control.Cluster;
using Vitals.Engine;
using Vitals.Storage;
using Vitals.Storage.Sql;

namespace Vitals.Server.Readiness;

/// <summary>
/// Whether this node can do its work now (<c>/readyz</c>): the store reachable and writable, the engine ticking, the
/// change feed followed (a store several nodes share), the host not stopping. A run is shared by the requests of the
/// next <see cref="ReuseFor"/>, so a load balancer asking every 100 ms costs one store write a second; a change of
/// verdict is logged once, with the full cause, and the answer carries only the cause's kind.
/// </summary>
internal sealed partial class ServerReadiness
{
    /// <summary>How long one run's verdict answers further requests.</summary>
    public static readonly TimeSpan ReuseFor = TimeSpan.FromSeconds(1);

    /// <summary>The longest a store check may take before the store counts as unreachable.</summary>
    public static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(3);

    /// <summary>How far behind the change feed may fall (it is read at least every <see cref="ChangeFollower.PollInterval"/>).</summary>
    public static readonly TimeSpan FeedStale = TimeSpan.FromSeconds(10);

    private readonly IStore _store;
    private readonly HealthEngine _engine;
    private readonly ChangeFollower? _follower;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly TimeSpan _engineStale;
    private readonly ILogger<ServerReadiness> _logger;
    private readonly Lock _lock = new();
    private Task<ReadinessReport>? _last;
    private long _lastAt;
    private bool? _wasReady;

    public ServerReadiness(IStore store, HealthEngine engine, IServiceProvider services, IHostApplicationLifetime lifetime,
        TimeProvider time, Microsoft.Extensions.Options.IOptions<EngineOptions> engineOptions, ILogger<ServerReadiness> logger)
    {
        _store = store;
        _engine = engine;
        _follower = services.GetService<ChangeFollower>();
        _lifetime = lifetime;
        _time = time;
        // A tick is a few milliseconds; a garbage collection or a busy machine may delay some, never by seconds.
        _engineStale = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(5).Ticks, 50 * engineOptions.Value.Tick.Ticks));
        _logger = logger;
    }

    /// <summary>The verdict of a run at most <see cref="ReuseFor"/> old, or of a new one.</summary>
    public Task<ReadinessReport> CheckAsync()
    {
        lock (_lock)
        {
            if (_last is null || _time.GetElapsedTime(_lastAt) >= ReuseFor)
            {
                _lastAt = _time.GetTimestamp();
                _last = RunAsync();
            }

            return _last;
        }
    }

    private async Task<ReadinessReport> RunAsync()
    {
        List<ReadinessCheck> checks = [await StoreAsync(), Engine()];
        if (_follower is not null)
        {
            checks.Add(Feed(_follower));
        }

        checks.Add(_lifetime.ApplicationStopping.IsCancellationRequested
            ? ReadinessCheck.Failed("shutdown", "the server is stopping")
            : ReadinessCheck.Ok("shutdown"));
        var report = new ReadinessReport(checks);
        LogChange(report);
        return report;
    }

    private async Task<ReadinessCheck> StoreAsync()
    {
        if (_store is not SqlStore sql)
        {
            return ReadinessCheck.Ok("store");
        }

        using var timeout = new CancellationTokenSource(StoreTimeout, _time);
        try
        {
            await sql.CheckWritableAsync(timeout.Token);
            return ReadinessCheck.Ok("store");
        }
        catch (StorageUnavailableException exception)
        {
            Log.StoreFailed(_logger, exception.Message);
            return ReadinessCheck.Failed("store", $"{Api.ApiProblems.ReasonName(exception.Reason)}: {exception.Cause}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return ReadinessCheck.Failed("store", $"unreachable: no answer within {StoreTimeout.TotalSeconds:0} s");
        }
    }

    private ReadinessCheck Engine() => _engine.SinceLastTick() switch
    {
        null => ReadinessCheck.Failed("engine", "not running"),
        { } since when since > _engineStale => ReadinessCheck.Failed("engine", $"stalled: last tick {since.TotalSeconds:0.#} s ago"),
        _ => ReadinessCheck.Ok("engine"),
    };

    private static ReadinessCheck Feed(ChangeFollower follower) => follower.SinceCaughtUp() switch
    {
        null => ReadinessCheck.Failed("change_feed", "not following"),
        { } since when since > FeedStale => ReadinessCheck.Failed("change_feed", $"behind: last read to its end {since.TotalSeconds:0} s ago"),
        _ => ReadinessCheck.Ok("change_feed"),
    };

    private void LogChange(ReadinessReport report)
    {
        lock (_lock)
        {
            if (_wasReady == report.Ready)
            {
                return;
            }

            _wasReady = report.Ready;
        }

        if (report.Ready)
        {
            Log.Ready(_logger);
        }
        else
        {
            Log.NotReady(_logger, string.Join("; ", report.Checks.Where(static c => !c.Passed).Select(static c => $"{c.Name}: {c.Reason}")));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4810, EventName = "Ready", Level = LogLevel.Information, Message = "Ready: every readiness check passes")]
        public static partial void Ready(ILogger logger);

        [LoggerMessage(EventId = 4811, EventName = "NotReady", Level = LogLevel.Warning, Message = "Not ready: {Failures}")]
        public static partial void NotReady(ILogger logger, string failures);

        [LoggerMessage(EventId = 4812, EventName = "ReadinessStoreFailed", Level = LogLevel.Debug, Message = "Readiness: the store check failed: {Message}")]
        public static partial void StoreFailed(ILogger logger, string message);
    }
}
