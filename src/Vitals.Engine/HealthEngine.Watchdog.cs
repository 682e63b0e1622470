using System.Diagnostics;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Probes;

namespace Vitals.Engine;

// The watchdog: a probe whose task never completes (a lost wake-up, a socket call that ignores cancellation) would
// keep its target "in flight" for ever, freeze its health and hold a MaxInFlight slot. Like HAProxy and Envoy, the
// engine never lets a check outlive its timeout: once a second the tick walks the running checks and abandons those
// older than CheckTarget.AbandonAfter(timeout), recording a timeout for them and freeing their slot.
public sealed partial class HealthEngine
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private readonly long _sweepTicks;

    // Tick thread only: the stuck checks found by one sweep, kept so that a sweep allocates nothing.
    private readonly List<CheckTarget> _stuck = [];

    // Running checks in start order, linked through the targets themselves (no node per check); under _queueLock.
    private CheckTarget? _runningHead;
    private CheckTarget? _runningTail;
    private long _lastSweep;
    private long _abandoned;

    /// <summary>Abandons the checks that have run too long. Tick thread only.</summary>
    private void Sweep(long now)
    {
        var stuck = _stuck;
        lock (_queueLock)
        {
            // StartTimestamp is written by the tick thread (this one) when a check starts: no torn or stale read.
            // Walking at most MaxInFlight entries under the queue lock once a second costs microseconds.
            for (var target = _runningHead; target is not null; target = target.RunningNext)
            {
                if (now - target.StartTimestamp >= target.AbandonTicks)
                {
                    stuck.Add(target);
                }
            }
        }

        // The queue lock comes after a target's lock: claim outside it. The probe may have completed meanwhile;
        // then its completion owns the check and TryAbandon says no.
        foreach (var target in stuck)
        {
            if (target.TryAbandon(now))
            {
                Abandon(target, now);
            }
        }

        stuck.Clear();
    }

    private void Abandon(CheckTarget target, long now)
    {
        Interlocked.Increment(ref _abandoned);
        var elapsed = _timeProvider.GetElapsedTime(target.StartTimestamp, now);
        Log.CheckAbandoned(_logger, target.Probe, _prober.GetType().Name, elapsed.TotalSeconds,
            target.Probe.Timeout.TotalSeconds);
        var result = AbandonedResult(target.Probe, elapsed, _timeProvider.GetUtcNow() - elapsed);

        // Fed on like a real timeout: counted, given to the members, subject to the checker-lag rule, rescheduled.
        OnResult(target, in result);
    }

    /// <summary>
    /// The timeout a real deadline would have produced, at the layer the check type aims at (the watchdog cannot know
    /// which phase hung): L4 for TCP and UDP, L6 for TLS, L7 for HTTP, HTTPS and gRPC.
    /// </summary>
    internal static ProbeResult AbandonedResult(ProbeTarget probe, TimeSpan elapsed, DateTimeOffset checkedAt)
    {
        var (reason, code) = probe.Spec.Type switch
        {
            HealthMonitorType.Tcp or HealthMonitorType.UdpConnect => (ReasonCode.ConnectTimeout, CheckCode.L4Tout),
            HealthMonitorType.Tls => (ReasonCode.TlsHandshakeTimeout, CheckCode.L6Tout),
            _ => (ReasonCode.RecvResponseTimeout, CheckCode.L7Tout),
        };
        var detail = FormattableString.Invariant(
            $"abandoned by the watchdog: no result {elapsed.TotalSeconds:0.#} s after the start (timeout {probe.Timeout.TotalSeconds:0.###} s)");
        return ProbeResult.Fail(reason, code, new ProbeTimings(-1, -1, -1, ProbeTimings.Micros(elapsed)), checkedAt,
            detail: detail);
    }

    private void LinkRunning_NeedsLock(CheckTarget target)
    {
        Debug.Assert(target.RunningPrevious is null && target.RunningNext is null && _runningHead != target,
            "a check is linked as running twice");
        target.RunningPrevious = _runningTail;
        if (_runningTail is null)
        {
            _runningHead = target;
        }
        else
        {
            _runningTail.RunningNext = target;
        }

        _runningTail = target;
    }

    private void UnlinkRunning_NeedsLock(CheckTarget target)
    {
        var previous = target.RunningPrevious;
        var next = target.RunningNext;
        Debug.Assert(previous is not null || _runningHead == target, "a check not linked as running is unlinked");
        if (previous is null)
        {
            _runningHead = next;
        }
        else
        {
            previous.RunningNext = next;
        }

        if (next is null)
        {
            _runningTail = previous;
        }
        else
        {
            next.RunningPrevious = previous;
        }

        target.RunningPrevious = null;
        target.RunningNext = null;
    }
}
