using Vitals.Core.Probing;

namespace Vitals.Core.Tests.Probing;

public sealed class ProbeTimingsTests
{
    [Theory]
    [InlineData(0L, 0)]
    [InlineData(9L, 0)]                       // below one microsecond: truncated
    [InlineData(10L, 1)]
    [InlineData(15_000L, 1_500)]              // 1.5 ms
    [InlineData(30_000_000L, 3_000_000)]      // 3 s
    [InlineData(-10L, 0)]                     // a clock that went backwards never gives a negative duration
    [InlineData(21_474_836_470L, int.MaxValue)]
    [InlineData(21_474_836_480L, int.MaxValue)]
    [InlineData(long.MaxValue, int.MaxValue)]
    [InlineData(long.MinValue, 0)]
    public void Micros_Ticks_WholeMicrosecondsSaturating(long ticks, int expected) =>
        Assert.Equal(expected, ProbeTimings.Micros(TimeSpan.FromTicks(ticks)));

    [Theory]
    [InlineData(-1, null)]
    [InlineData(-5, null)]
    [InlineData(0, 0.0)]
    [InlineData(1, 0.001)]
    [InlineData(1_500, 1.5)]
    [InlineData(1_234_567, 1234.567)]
    [InlineData(int.MaxValue, 2147483.647)]
    public void Ms_Micros_MillisecondsOrNullWhenNotReached(int micros, double? expected)
    {
        var sut = new ProbeTimings(micros, micros, micros, micros);

        Assert.Equal(expected, sut.ConnectMs);
        Assert.Equal(expected, sut.TlsMs);
        Assert.Equal(expected, sut.FirstByteMs);
        Assert.Equal(expected, sut.TotalMs);
    }

    [Fact]
    public void Ms_EachPhase_ReadsItsOwnField()
    {
        var sut = new ProbeTimings(1_000, -1, 3_000, 4_000);

        Assert.Equal(1.0, sut.ConnectMs);
        Assert.Null(sut.TlsMs);
        Assert.Equal(3.0, sut.FirstByteMs);
        Assert.Equal(4.0, sut.TotalMs);
    }

    [Fact]
    public void None_NoPhaseReached()
    {
        Assert.Equal(new ProbeTimings(-1, -1, -1, -1), ProbeTimings.None);
        Assert.Null(ProbeTimings.None.TotalMs);
    }
}
