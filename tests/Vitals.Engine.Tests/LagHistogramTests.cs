namespace Vitals.Engine.Tests;

public sealed class LagHistogramTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(63, 0)]
    [InlineData(64, 1)]
    [InlineData(95, 1)]
    [InlineData(96, 2)]
    [InlineData(128, 3)]
    [InlineData(4000, 12)]
    public void BucketOf_Micros_LogSpacedBucket(long micros, int bucket)
    {
        Assert.Equal(bucket, LagHistogram.BucketOf(micros));
        Assert.True(LagHistogram.UpperEdge(bucket) > micros);
    }

    [Fact]
    public void Snapshot_Recorded_PercentilesWithinABucketAndExactMax()
    {
        var sut = new LagHistogram();
        for (var i = 1; i <= 1000; i++)
        {
            sut.Record(i * 10); // 10 µs .. 10 ms, uniform
        }

        var (p50, p99, max) = sut.Snapshot();

        Assert.InRange(p50, 5.0, 5.0 * 1.5);
        Assert.InRange(p99, 9.9, 10.0);
        Assert.Equal(10.0, max);
    }

    [Fact]
    public void Rotate_TwoWindows_OldValuesAgeOut()
    {
        var sut = new LagHistogram();
        sut.Record(50_000);
        sut.Rotate();
        Assert.Equal(50.0, sut.Snapshot().Max); // previous window still counts

        sut.Record(1_000);
        sut.Rotate();

        Assert.Equal(1.0, sut.Snapshot().Max);
    }

    [Fact]
    public void Cumulative_AcrossRotations_CountsSinceStartBelowEachPowerOfTwo()
    {
        var sut = new LagHistogram();
        sut.Record(10);      // < 64 µs
        sut.Record(100);     // < 128 µs
        sut.Rotate();
        sut.Record(127);     // < 128 µs
        sut.Record(128);     // < 256 µs (a bucket holds values strictly below its edge)
        sut.Rotate();
        sut.Rotate();        // both windows gone; the counts since start stay
        sut.Record(1 << 30); // beyond the last edge: only in the count

        var (cumulative, count, sum) = sut.Cumulative(21);

        Assert.Equal([1L, 3, 4, 4], cumulative[..4]);
        Assert.Equal(4, cumulative[20]);
        Assert.Equal(5, count);
        Assert.Equal(10 + 100 + 127 + 128 + (1L << 30), sum);
    }
}
