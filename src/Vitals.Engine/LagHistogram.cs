using System.Numerics;

namespace Vitals.Engine;

/// <summary>
/// Lateness in microseconds, counted into fixed log-spaced buckets (two per power of two, so a percentile is
/// known within ±25 %). One writer (the scheduler tick) records without locks or allocation; figures cover the
/// current and the previous window, which <see cref="Rotate"/> moves on. Counts since start are kept beside the
/// windows (<see cref="Cumulative"/>) for the Prometheus histogram, which wants monotonic buckets.
/// </summary>
internal sealed class LagHistogram
{
    private const int BucketCount = 64;
    private const int FirstLog2 = 6; // everything under 64 µs shares bucket 0

    private readonly Lock _rotateLock = new();
    private long[] _current = new long[BucketCount];
    private long[] _previous = new long[BucketCount];
    private long _currentMax;
    private long _previousMax;
    private readonly long[] _total = new long[BucketCount];
    private long _totalMicros;

    /// <summary>Counts one lateness; single writer only.</summary>
    public void Record(long micros)
    {
        var buckets = _current;
        var bucket = BucketOf(micros);
        buckets[bucket]++;
        Volatile.Write(ref _total[bucket], _total[bucket] + 1);
        Volatile.Write(ref _totalMicros, _totalMicros + micros);
        if (micros > _currentMax)
        {
            _currentMax = micros;
        }
    }

    /// <summary>Starts a new window; the one ending becomes the previous.</summary>
    public void Rotate()
    {
        lock (_rotateLock)
        {
            (_previous, _current) = (_current, _previous);
            Array.Clear(_current);
            _previousMax = _currentMax;
            _currentMax = 0;
        }
    }

    /// <summary>p50, p99 and max in milliseconds over the current and previous window; zeros when empty.</summary>
    public (double P50, double P99, double Max) Snapshot()
    {
        Span<long> merged = stackalloc long[BucketCount];
        long max;
        lock (_rotateLock)
        {
            var current = _current;
            var previous = _previous;
            for (var i = 0; i < BucketCount; i++)
            {
                merged[i] = Volatile.Read(ref current[i]) + Volatile.Read(ref previous[i]);
            }

            max = Math.Max(_currentMax, _previousMax);
        }

        long total = 0;
        foreach (var count in merged)
        {
            total += count;
        }

        if (total == 0)
        {
            return (0, 0, 0);
        }

        return (Percentile(merged, total, 0.50, max), Percentile(merged, total, 0.99, max), max / 1000.0);
    }

    /// <summary>The largest lateness over the current and previous window, in microseconds.</summary>
    public long MaxMicros
    {
        get
        {
            lock (_rotateLock)
            {
                return Math.Max(_currentMax, _previousMax);
            }
        }
    }

    /// <summary>
    /// Counts since start at powers of two from 64 µs to <c>2^(6 + edges - 1)</c> µs, cumulative (each includes the
    /// ones below), plus the total count and sum in microseconds. A bucket holds values strictly below its edge.
    /// </summary>
    public (long[] Cumulative, long Count, long SumMicros) Cumulative(int edges)
    {
        var cumulative = new long[edges];
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += Volatile.Read(ref _total[i]);
            // Bucket 2j ends at 2^(6 + j) µs: the odd ones end half-way between two powers of two.
            if (i % 2 == 0 && i / 2 < edges)
            {
                cumulative[i / 2] = seen;
            }
        }

        return (cumulative, seen, Volatile.Read(ref _totalMicros));
    }

    internal static int BucketOf(long micros)
    {
        if (micros < 1L << FirstLog2)
        {
            return 0;
        }

        var log2 = BitOperations.Log2((ulong)micros);
        var half = (int)((micros >> (log2 - 1)) & 1);
        return Math.Min(1 + (2 * (log2 - FirstLog2)) + half, BucketCount - 1);
    }

    /// <summary>The upper edge of a bucket, in microseconds.</summary>
    internal static double UpperEdge(int bucket)
    {
        if (bucket == 0)
        {
            return 1L << FirstLog2;
        }

        var k = bucket - 1;
        var power = Math.Pow(2, FirstLog2 + (k / 2));
        return k % 2 == 0 ? power * 1.5 : power * 2;
    }

    private static double Percentile(ReadOnlySpan<long> buckets, long total, double quantile, long max)
    {
        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < buckets.Length; i++)
        {
            seen += buckets[i];
            if (seen >= rank)
            {
                // The bucket's upper edge, but never above the largest value actually seen.
                return Math.Min(UpperEdge(i), max) / 1000.0;
            }
        }

        return max / 1000.0;
    }
}
