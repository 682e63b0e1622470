using System.Diagnostics;

namespace Vitals.Engine;

/// <summary>
/// Calls back every period from a thread of its own that sleeps in between: one wake-up per tick. The runtime's
/// periodic timer costs about three: its timer thread (whose waits, in whole milliseconds, often end before the timer
/// is due), then a thread-pool worker for the callback. At a few hundred checks a second those wake-ups, not the
/// checks, are most of the checker's CPU (bench/README.md). Used for the system clock only: a test's fake clock
/// drives the engine through <see cref="TimeProvider.CreateTimer"/>.
/// </summary>
internal sealed class TickThread : IDisposable
{
    private readonly Action _callback;
    private readonly long _period;
    private volatile bool _disposed;

    public TickThread(Action callback, TimeSpan period)
    {
        _callback = callback;
        _period = (long)(period.TotalSeconds * Stopwatch.Frequency);
        var thread = new Thread(Run) { IsBackground = true, Name = "vitals-tick" };
        thread.UnsafeStart(); // no ExecutionContext captured: the thread outlives whoever started the engine
    }

    /// <summary>Stops calling back; a callback running now finishes. Does not wait (it may be called from the callback).</summary>
    public void Dispose() => _disposed = true;

    private void Run()
    {
        var next = Stopwatch.GetTimestamp() + _period;
        while (!_disposed)
        {
            var remaining = next - Stopwatch.GetTimestamp();
            if (remaining > 0)
            {
                // Rounded up: a tick a fraction of a millisecond late costs nothing, one early would wait a whole period.
#pragma warning disable RS0030 // this is the system clock's tick source, the one place that sleeps for real
                Thread.Sleep((int)Math.Ceiling(remaining * 1000.0 / Stopwatch.Frequency));
#pragma warning restore RS0030
                if (_disposed)
                {
                    return;
                }
            }

            _callback();

            // Keep to the grid; after a stall (a long callback, a paused VM) start again from now instead of bursting.
            next += _period;
            var now = Stopwatch.GetTimestamp();
            if (next <= now)
            {
                next = now + _period;
            }
        }
    }
}
