using System.Collections.Concurrent;

namespace Vitals.Probes.Sockets;

/// <summary>
/// Hands out the one deadline of a check: a <see cref="CancellationTokenSource"/> that fires after the check's
/// timeout (on the given <see cref="TimeProvider"/>) or when the host token fires. Sources are reused with
/// <see cref="CancellationTokenSource.TryReset"/> so that a check allocates no source and no timer in the
/// steady state. TryReset can only stop the system clock's own timers, so on any other
/// <see cref="TimeProvider"/> (a fake clock in tests) every check gets a fresh source.
/// </summary>
internal sealed class DeadlinePool(TimeProvider timeProvider)
{
    /// <summary>Enough for the checks in flight on a busy engine; beyond it sources are simply disposed.</summary>
    private const int MaxPooled = 1024;

    /// <summary>
    /// A source is reused only when its check ended this long before the deadline: a timer that is already due
    /// may have queued its callback, which TryReset cannot recall, and that would cancel the next check.
    /// </summary>
    private static readonly TimeSpan ReuseMargin = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _timeProvider = timeProvider;
    private readonly ConcurrentQueue<CancellationTokenSource> _pool = new();
    private int _count;

    public ProbeDeadline Start(TimeSpan timeout, CancellationToken hostToken)
    {
        if (_pool.TryDequeue(out var source))
        {
            Interlocked.Decrement(ref _count);
        }
        else
        {
            // Created with an infinite delay so that CancelAfter runs on this TimeProvider's timer.
            source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _timeProvider);
        }

        source.CancelAfter(timeout);
        var registration = hostToken.CanBeCanceled
            ? hostToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), source)
            : default;
        return new ProbeDeadline(this, source, registration, _timeProvider.GetTimestamp(), timeout);
    }

    internal void Return(CancellationTokenSource source, CancellationTokenRegistration registration, long startTimestamp, TimeSpan timeout)
    {
        // Dispose waits for a running host callback, so the source is ours alone afterwards.
        registration.Dispose();
        var left = timeout - _timeProvider.GetElapsedTime(startTimestamp);
        if (left > ReuseMargin && source.TryReset())
        {
            if (Interlocked.Increment(ref _count) <= MaxPooled)
            {
                _pool.Enqueue(source);
                return;
            }

            Interlocked.Decrement(ref _count);
        }

        source.Dispose();
    }
}
