namespace Vitals.Engine;

/// <summary>
/// The scheduler's recent stalls: intervals in which its tick ran late by a noticeable amount (GC pause, CPU
/// starvation, thread-pool starvation). A timeout observed across such a stall may be the checker's fault rather
/// than the target's. A small ring; written by the tick, read only when a check ends in a timeout.
/// </summary>
internal sealed class StallLog
{
    private const int Capacity = 64;

    private readonly Lock _lock = new();
    private readonly (long Begin, long End, long Lag)[] _stalls = new (long, long, long)[Capacity];
    private int _next;
    private int _count;

    /// <summary>Records that the tick due at <paramref name="begin"/> only ran at <paramref name="end"/>.</summary>
    public void Record(long begin, long end)
    {
        lock (_lock)
        {
            _stalls[_next] = (begin, end, end - begin);
            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
        }
    }

    /// <summary>The longest stall overlapping [<paramref name="from"/>, <paramref name="to"/>]; 0 when none.</summary>
    public long MaxLagDuring(long from, long to)
    {
        long max = 0;
        lock (_lock)
        {
            for (var i = 0; i < _count; i++)
            {
                var (begin, end, lag) = _stalls[i];
                if (end >= from && begin <= to && lag > max)
                {
                    max = lag;
                }
            }
        }

        return max;
    }
}
