namespace Vitals.Control.Traffic.Haproxy;

/// <summary>The most recent propagation lags (verdict to confirmed state), for the median and 99th percentile.</summary>
internal sealed class LagWindow(int capacity = 1024)
{
    private readonly double[] _lags = new double[capacity];
    private int _count;
    private int _next;

    public double? Last { get; private set; }

    /// <summary>Every lag added since start, summed (for a Prometheus summary's <c>_sum</c>).</summary>
    public double SumMs { get; private set; }

    /// <summary>How many lags were added since start (the summary's <c>_count</c>).</summary>
    public long Count { get; private set; }

    public void Add(double milliseconds)
    {
        lock (_lags)
        {
            _lags[_next] = milliseconds;
            _next = (_next + 1) % _lags.Length;
            _count = Math.Min(_count + 1, _lags.Length);
            Last = milliseconds;
            SumMs += milliseconds;
            Count++;
        }
    }

    /// <summary>The nearest-rank percentile (0 to 100) of the lags held; null before the first.</summary>
    public double? Percentile(double percent)
    {
        double[] sorted;
        lock (_lags)
        {
            if (_count == 0)
            {
                return null;
            }

            sorted = _lags[.._count];
        }

        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
