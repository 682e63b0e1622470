using Vitals.Core.Probing;
using Vitals.Probes;

namespace Vitals.Engine;

// The scheduler: one tick source, one priority queue of (due timestamp, check), bounded concurrency, and the rules that
// keep the checker's own overload from being blamed on targets.
public sealed partial class HealthEngine
{
    // Tick delays at least this long are remembered as stalls (the lag rule needs >= half a timeout, so >= 500 ms).
    private static readonly TimeSpan StallThreshold = TimeSpan.FromMilliseconds(50);

    private readonly long _frequency;
    private readonly long _tickTicks;
    private readonly long _stallTicks;
    private readonly long _windowTicks;
    private readonly long? _skipAfterTicks;

    private readonly Lock _queueLock = new();
    private readonly PriorityQueue<CheckTarget, long> _queue = new();
    private readonly List<(CheckTarget Target, long Due)> _batch = [];
    private readonly LagHistogram _startLag = new();
    private readonly LagHistogram _tickLag = new();
    private readonly StallLog _stalls = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private IDisposable? _ticker;
    private bool _started;
    private int _stopState;
    private Task? _stopTask;
    private int _ticking;
    private int _tickThread;
    private int _inFlight;
    private long _lastTick;
    private long _windowStart;
    private long _skippedErrors;
    private long _reportedLate;
    private long _reportedUnderLag;

    /// <summary>Starts the scheduler's ticks. Members added before are scheduled relative to this instant.</summary>
    public void Start()
    {
        lock (_queueLock)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _stopState) != 0, this);
            if (_started)
            {
                throw new InvalidOperationException("The engine is already started.");
            }

            _started = true;
            var now = _timeProvider.GetTimestamp();
            Rebase_NeedsLock(now);
            _lastTick = now;
            _windowStart = now;
            _lastSweep = now;
        }

        // The timer must not capture the caller's ExecutionContext (and keep its AsyncLocals alive for ever).
        var restoreFlow = false;
        try
        {
            if (!ExecutionContext.IsFlowSuppressed())
            {
                ExecutionContext.SuppressFlow();
                restoreFlow = true;
            }

            // The system clock gets a thread of its own (one wake-up per tick); any other clock (a test's) its timer.
            _ticker = ReferenceEquals(_timeProvider, TimeProvider.System)
                ? new TickThread(OnTick, _options.Tick)
                : _timeProvider.CreateTimer(static state => ((HealthEngine)state!).OnTick(), this, _options.Tick, _options.Tick);
        }
        finally
        {
            if (restoreFlow)
            {
                ExecutionContext.RestoreFlow();
            }
        }

        Log.Started(_logger, _options.Tick.TotalMilliseconds, _options.MaxInFlight);
    }

    /// <summary>
    /// How long ago the scheduler last ticked; null before <see cref="Start"/> and once stopping. A running engine answers
    /// about <see cref="EngineOptions.Tick"/>; much more means its tick thread is stuck (a server's readiness).
    /// </summary>
    public TimeSpan? SinceLastTick()
    {
        if (!Volatile.Read(ref _started) || Volatile.Read(ref _stopState) != 0)
        {
            return null;
        }

        return _timeProvider.GetElapsedTime(Volatile.Read(ref _lastTick));
    }

    /// <summary>How long <see cref="StopAsync"/> waits for the cancelled checks to end before it gives up on them.</summary>
    internal static readonly TimeSpan StopWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Stops scheduling, cancels the checks in flight and waits for them to end, at most <see cref="StopWait"/>. Every
    /// call waits for the same stop: a second one neither stops again nor waits again after the first gave up.
    /// </summary>
    public ValueTask StopAsync()
    {
        if (Interlocked.Exchange(ref _stopState, 1) == 0)
        {
            Volatile.Write(ref _stopTask, StopOnceAsync());
        }

        // A concurrent caller may get here before the first one has published the task.
        var spin = new SpinWait();
        Task? stop;
        while ((stop = Volatile.Read(ref _stopTask)) is null)
        {
            spin.SpinOnce();
        }

        return new ValueTask(stop);
    }

    private async Task StopOnceAsync()
    {
        _ticker?.Dispose();
        await _stopping.CancelAsync();

        // A tick may be starting checks right now; let it finish so every started check is counted below.
        if (Environment.CurrentManagedThreadId != Volatile.Read(ref _tickThread))
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref _ticking) != 0)
            {
                spin.SpinOnce();
            }
        }

        if (Volatile.Read(ref _inFlight) == 0)
        {
            _drained.TrySetResult();
        }

        Log.Stopped(_logger, Interlocked.Read(ref _checks));
        try
        {
            await _drained.Task.WaitAsync(StopWait, _timeProvider);
        }
        catch (TimeoutException)
        {
            // A probe that ignores cancellation too (the watchdog's sweeps end with the ticks): stop without it rather
            // than hold the process's shutdown for ever. Its result, if it ever comes, is counted and fed nowhere.
            Log.StopAbandonedChecks(_logger, Volatile.Read(ref _inFlight), StopWait.TotalSeconds);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    private void OnTick()
    {
        if (Interlocked.Exchange(ref _ticking, 1) != 0)
        {
            return; // the previous tick is still running; this one's lateness shows on the next
        }

        Volatile.Write(ref _tickThread, Environment.CurrentManagedThreadId);
        try
        {
            if (!_stopping.IsCancellationRequested)
            {
                Tick(_timeProvider.GetTimestamp());
            }
        }
#pragma warning disable CA1031 // the scheduler must survive its own bugs: log and keep ticking
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.TickFailed(_logger, ex);
        }
        finally
        {
            Volatile.Write(ref _tickThread, 0);
            Volatile.Write(ref _ticking, 0);
        }
    }

    private void Tick(long now)
    {
        var tickLag = now - _lastTick - _tickTicks;
        if (tickLag > 0)
        {
            _tickLag.Record(ToMicros(tickLag));
            if (tickLag >= _stallTicks)
            {
                _stalls.Record(_lastTick + _tickTicks, now);
            }
        }

        Volatile.Write(ref _lastTick, now);
        var batch = _batch;
        batch.Clear();
        var available = _options.MaxInFlight - Volatile.Read(ref _inFlight);
        lock (_queueLock)
        {
            while (_queue.TryPeek(out var target, out var due) && due <= now)
            {
                if (target.Removed)
                {
                    _queue.Dequeue();
                    continue;
                }

                var late = now - due > (_skipAfterTicks ?? target.DelayTicks);
                if (!late && batch.Count >= available)
                {
                    break; // full: the rest stay due and start on a later tick (late, or skipped if too late)
                }

                _queue.Dequeue();
                if (late)
                {
                    // Not the target's fault: skip this slot and keep the target on its grid.
                    Interlocked.Increment(ref _skippedLate);
                    var missed = ((now - due) / target.DelayTicks) + 1;
                    Enqueue_NeedsLock(target, due + (missed * target.DelayTicks));
                    continue;
                }

                batch.Add((target, due));
                LinkRunning_NeedsLock(target); // for the watchdog, under the lock held anyway; see StartCheck
            }
        }

        // A batching prober queues these starts and issues them with one wake-up of its I/O thread.
        var batching = batch.Count > 0 ? _prober as IBatchingProber : null;
        batching?.BeginBatch();
        try
        {
            foreach (var (target, due) in batch)
            {
                StartCheck(target, due, now);
            }
        }
        finally
        {
            batching?.EndBatch();
        }

        batch.Clear();
        if (now - _lastSweep >= _sweepTicks)
        {
            _lastSweep = now;
            Sweep(now);
        }

        if (now - _windowStart >= _windowTicks)
        {
            EndWindow(now);
        }
    }

    private void StartCheck(CheckTarget target, long due, long now)
    {
        long generation;
        CheckRun run;
        lock (target.Gate)
        {
            if (target.Removed)
            {
                lock (_queueLock)
                {
                    UnlinkRunning_NeedsLock(target);
                }

                return;
            }

            generation = target.Begin(now);
            run = target.Run;
        }

        Interlocked.Increment(ref _inFlight);
        _startLag.Record(ToMicros(now - due));
        ValueTask<ProbeResult> pending;
        try
        {
            pending = _prober.ProbeAsync(target.Probe, _stopping.Token);
        }
#pragma warning disable CA1031 // a prober bug is logged and costs one check, never the scheduler
        catch (Exception ex)
#pragma warning restore CA1031
        {
            pending = ValueTask.FromException<ProbeResult>(ex);
        }

        if (pending.IsCompleted)
        {
            OnProbeCompleted(target, generation, pending);
            return;
        }

        run.Await(pending, generation);
    }

    /// <summary>
    /// Takes the result of a finished probe (exactly once) and feeds it on, unless the check it belongs to was
    /// settled already (abandoned by the watchdog): then the result is late and only logged.
    /// </summary>
    internal void OnProbeCompleted(CheckTarget target, long generation, ValueTask<ProbeResult> pending)
    {
        ProbeResult result;
        try
        {
            result = pending.Result;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            if (target.TryClaim(generation))
            {
                EndCheck(target, _timeProvider.GetTimestamp(), reschedule: false);
            }

            return;
        }
#pragma warning disable CA1031 // see StartCheck
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ProbeFaulted(_logger, target.Probe, ex);
            if (target.TryClaim(generation))
            {
                Interlocked.Increment(ref _skippedErrors);
                EndCheck(target, _timeProvider.GetTimestamp(), reschedule: true);
            }

            return;
        }

        if (!target.TryClaim(generation))
        {
            Log.LateResultIgnored(_logger, target.Probe, result.Outcome, result.Reason);
            return;
        }

        OnResult(target, in result);
    }

    private void OnResult(CheckTarget target, in ProbeResult result)
    {
        var end = _timeProvider.GetTimestamp();
        List<(MemberEntry, HealthEvent)>? events = null;
        if (IsTimeout(result.Reason) && CheckerLagDuring(target.StartTimestamp, end) > target.HalfTimeoutTicks)
        {
            // The checker itself stalled for more than half the timeout while this check ran: the timeout may be
            // ours, so it must not count against the target.
            Interlocked.Increment(ref _skippedUnderLag);
            Log.TimeoutDiscarded(_logger, target.Probe, result.Reason);
        }
        else if (!target.Removed)
        {
            Count(result);
            Log.ProbeCompleted(_logger, target.Probe, result.Outcome, result.Reason, result.CheckCode);
            var now = _timeProvider.GetUtcNow();
            foreach (var member in target.Members)
            {
                lock (member.Gate)
                {
                    if (member.Target != target)
                    {
                        continue; // moved to another check meanwhile
                    }

                    var update = member.Tracker.Observe(in result, now);
                    Collect(ref events, member, update.Transition, update.FlappingChanged ? member.Tracker.IsFlapping : null);
                }
            }
        }

        EndCheck(target, end, reschedule: true);
        Raise(events);
    }

    /// <summary>
    /// Frees the slot of a claimed check and queues the next: max(start + delay − jitter, end). Exactly once per
    /// start, by whoever claimed it (see <see cref="CheckTarget.TryClaim"/>).
    /// </summary>
    private void EndCheck(CheckTarget target, long end, bool reschedule)
    {
        long start;
        lock (target.Gate)
        {
            reschedule &= !target.Removed && !_stopping.IsCancellationRequested;
            start = target.StartTimestamp;
        }

        var next = Math.Max(start + target.DelayTicks, end);
        if (reschedule && target.JitterTicks > 0)
        {
            // Early only: a check may come up to the jitter before its delay, never after it, so a target that goes
            // down is still declared down within fall x delay + timeout (symmetric jitter could add fall x jitter).
            next = Math.Max(next - (long)(Random.Shared.NextDouble() * target.JitterTicks), end);
        }

        lock (_queueLock)
        {
            UnlinkRunning_NeedsLock(target);
            if (reschedule)
            {
                Enqueue_NeedsLock(target, next);
            }
        }

        if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _stopState) != 0)
        {
            _drained.TrySetResult();
        }
    }

    private void ScheduleFirst(CheckTarget target, long offset)
    {
        lock (_queueLock)
        {
            // Before Start, dues are kept relative to the start instant (see Rebase_NeedsLock).
            Enqueue_NeedsLock(target, offset + (_started ? _timeProvider.GetTimestamp() : 0));
        }
    }

    private void Enqueue_NeedsLock(CheckTarget target, long due)
    {
        target.DueTimestamp = due;
        _queue.Enqueue(target, due);
    }

    private void Rebase_NeedsLock(long now)
    {
        if (_queue.Count == 0)
        {
            return;
        }

        var items = new (CheckTarget Target, long Due)[_queue.Count];
        var i = 0;
        foreach (var item in _queue.UnorderedItems)
        {
            items[i++] = (item.Element, item.Priority);
        }

        _queue.Clear();
        foreach (var (target, due) in items)
        {
            Enqueue_NeedsLock(target, due + now);
        }
    }

    /// <summary>The worst tick lag seen while a check ran, including a stall still going on now.</summary>
    private long CheckerLagDuring(long start, long end)
        => Math.Max(_stalls.MaxLagDuring(start, end), end - Volatile.Read(ref _lastTick) - _tickTicks);

    private void EndWindow(long now)
    {
        _windowStart = now;
        var late = Interlocked.Read(ref _skippedLate);
        var underLag = Interlocked.Read(ref _skippedUnderLag);
        if (late != _reportedLate || underLag != _reportedUnderLag)
        {
            var (_, p99, _) = _startLag.Snapshot();
            Log.ChecksSkipped(_logger, late - _reportedLate, underLag - _reportedUnderLag, _options.LagWindow.TotalSeconds,
                p99, _tickLag.MaxMicros / 1000.0);
            _reportedLate = late;
            _reportedUnderLag = underLag;
        }

        _startLag.Rotate();
        _tickLag.Rotate();
    }

    private void Count(in ProbeResult result)
    {
        Interlocked.Increment(ref _checks);
        if (result.IsSuccess)
        {
            Interlocked.Increment(ref _passes);
            return;
        }

        Interlocked.Increment(ref _failures);
        var reason = (int)result.Reason;
        if ((uint)reason < (uint)_failuresByReason.Length)
        {
            Interlocked.Increment(ref _failuresByReason[reason]);
        }
    }

    private static bool IsTimeout(ReasonCode reason)
        => reason is ReasonCode.ConnectTimeout or ReasonCode.RecvResponseTimeout or ReasonCode.TlsHandshakeTimeout;

    private long ToMicros(long timestampDelta) => (long)(timestampDelta * (1_000_000.0 / _frequency));
}
