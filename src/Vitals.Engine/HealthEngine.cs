using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vitals.Core.Probing;
using Vitals.Probes;

namespace Vitals.Engine;

/// <summary>
/// Checks every registered member on its monitor's schedule and tracks its health. One timer owns time: every
/// <see cref="EngineOptions.Tick"/> it starts the checks that are due, within <see cref="EngineOptions.MaxInFlight"/>.
/// Identical checks are shared by the members that declare them. Thread-safe; see docs/engine.md.
/// </summary>
public sealed partial class HealthEngine : IAsyncDisposable
{
    private static readonly ReasonCode[] AllReasons = Enum.GetValues<ReasonCode>();

    // 2^6 µs (64 µs) to 2^26 µs (67 s): 21 edges, coarse enough for a scrape, fine enough for histogram_quantile.
    private static readonly double[] LagEdges = BuildLagEdges(21);

    private readonly IProber _prober;
    private readonly TimeProvider _timeProvider;
    private readonly EngineOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _handlersLock = new();
    private Action<HealthEvent>[] _handlers = [];

    // Counters since start; Interlocked because completions arrive on many threads.
    private long _checks;
    private long _passes;
    private long _failures;
    private long _skippedLate;
    private long _skippedUnderLag;
    private readonly long[] _failuresByReason = new long[AllReasons.Length];

    public HealthEngine(IProber prober, TimeProvider timeProvider, EngineOptions? options = null,
        ILogger<HealthEngine>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(prober);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options ??= new EngineOptions();
        EngineOptions.Validate(options);
        _prober = prober;
        _timeProvider = timeProvider;
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var frequency = timeProvider.TimestampFrequency;
        _frequency = frequency;
        _tickTicks = CheckTarget.ToTimestamp(options.Tick, frequency);
        _stallTicks = Math.Max(CheckTarget.ToTimestamp(StallThreshold, frequency), 2 * _tickTicks);
        _windowTicks = CheckTarget.ToTimestamp(options.LagWindow, frequency);
        _skipAfterTicks = options.SkipAfter is { } skip ? CheckTarget.ToTimestamp(skip, frequency) : null;
        _sweepTicks = CheckTarget.ToTimestamp(SweepInterval, frequency);
    }

    /// <summary>Subscribes <paramref name="handler"/> to member changes; dispose the result to unsubscribe.</summary>
    /// <remarks>
    /// Handlers run synchronously on the thread that observed the change, outside the engine's locks, so they must
    /// be quick. An exception in a handler is logged and does not reach the engine or the other handlers.
    /// </remarks>
    public IDisposable Subscribe(Action<HealthEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_handlersLock)
        {
            _handlers = [.. _handlers, handler];
        }

        return new Subscription(this, handler);
    }

    /// <summary>The engine's load, counters and start lateness.</summary>
    public EngineStatus GetStatus()
    {
        var (p50, p99, max) = _startLag.Snapshot();
        var byReason = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < AllReasons.Length; i++)
        {
            var count = Interlocked.Read(ref _failuresByReason[(int)AllReasons[i]]);
            if (count > 0 && AllReasons[i].ToWire() is { } wire)
            {
                byReason[wire] = count;
            }
        }

        int targets, members;
        lock (_catalogLock)
        {
            targets = _targets.Count;
            members = _members.Count;
        }

        var late = Interlocked.Read(ref _skippedLate);
        var underLag = Interlocked.Read(ref _skippedUnderLag);
        var skipped = late + underLag + Interlocked.Read(ref _skippedErrors);
        return new EngineStatus(targets, members, Volatile.Read(ref _inFlight), Interlocked.Read(ref _checks),
            Interlocked.Read(ref _passes), Interlocked.Read(ref _failures), skipped, p50, p99, max, byReason)
        {
            SkippedLate = late,
            SkippedUnderLag = underLag,
            TickLagMaxMs = _tickLag.MaxMicros / 1000.0,
            Abandoned = Interlocked.Read(ref _abandoned),
        };
    }

    /// <summary>The lateness of every check start since the engine started, as cumulative buckets.</summary>
    public LagDistribution GetStartLagDistribution()
    {
        var (cumulative, count, sumMicros) = _startLag.Cumulative(LagEdges.Length);
        return new LagDistribution(LagEdges, cumulative, count, sumMicros / 1e6);
    }

    private static double[] BuildLagEdges(int count)
    {
        var edges = new double[count];
        for (var i = 0; i < count; i++)
        {
            edges[i] = (1L << (6 + i)) / 1e6;
        }

        return edges;
    }

    private void Unsubscribe(Action<HealthEvent> handler)
    {
        lock (_handlersLock)
        {
            var index = Array.IndexOf(_handlers, handler);
            if (index < 0)
            {
                return;
            }

            var next = new Action<HealthEvent>[_handlers.Length - 1];
            Array.Copy(_handlers, 0, next, 0, index);
            Array.Copy(_handlers, index + 1, next, index, _handlers.Length - index - 1);
            _handlers = next;
        }
    }

    /// <summary>Logs and delivers events gathered under locks; called with no lock held.</summary>
    private void Raise(List<(MemberEntry Member, HealthEvent Event)>? events)
    {
        if (events is null)
        {
            return;
        }

        var handlers = Volatile.Read(ref _handlers);
        foreach (var (member, healthEvent) in events)
        {
            LogEvent(member, healthEvent);
            foreach (var handler in handlers)
            {
                try
                {
                    handler(healthEvent);
                }
#pragma warning disable CA1031 // a subscriber's bug must never stop the engine
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Log.HandlerFailed(_logger, healthEvent.MemberId, ex);
                }
            }
        }
    }

    private static void Collect(ref List<(MemberEntry, HealthEvent)>? events, MemberEntry member,
        Core.Health.HealthTransition? transition, bool? flappingNow)
    {
        if (transition is null && flappingNow is null)
        {
            return;
        }

        (events ??= []).Add((member, new HealthEvent(member.MemberId, transition, flappingNow)));
    }

    private sealed class Subscription(HealthEngine engine, Action<HealthEvent> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                engine.Unsubscribe(handler);
            }
        }
    }
}
