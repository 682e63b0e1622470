using Vitals.Core.Health;

namespace Vitals.Core.Tests.Health;

public sealed class ResultRingTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_CapacityBelowOne_Throws(int capacity) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResultRing(capacity));

    [Fact]
    public void New_IsEmpty()
    {
        var sut = new ResultRing(3);

        Assert.Equal(3, sut.Capacity);
        Assert.Equal(0, sut.Count);
        Assert.Empty(sut.ToArray());
        Assert.Empty(sut.Last(2));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(3, 3)]
    [InlineData(3, 4)]
    [InlineData(3, 7)]
    [InlineData(4, 9)]
    public void Add_BeyondCapacity_KeepsTheNewestOldestFirst(int capacity, int added)
    {
        var sut = new ResultRing(capacity);

        for (var i = 1; i <= added; i++)
        {
            sut.Add(Sample.Pass(i));
        }

        var kept = Math.Min(capacity, added);
        var expected = Enumerable.Range(added - kept + 1, kept).Select(Sample.At).ToArray();
        Assert.Equal(kept, sut.Count);
        Assert.Equal(expected, Sample.Instants(sut.ToArray()));
        Assert.Equal(Sample.At(added), sut.Newest.CheckedAt);
    }

    [Theory]
    [InlineData(0, new int[0])]
    [InlineData(1, new[] { 7 })]
    [InlineData(2, new[] { 6, 7 })]
    [InlineData(3, new[] { 5, 6, 7 })]
    [InlineData(4, new[] { 5, 6, 7 })]
    [InlineData(-1, new int[0])]
    public void Last_AfterWraparound_NewestNOldestFirst(int n, int[] seconds)
    {
        var sut = new ResultRing(3);
        for (var i = 1; i <= 7; i++)
        {
            sut.Add(i % 2 == 0 ? Sample.Fail(i) : Sample.Pass(i));
        }

        var last = sut.Last(n);

        Assert.Equal(seconds.Select(Sample.At), Sample.Instants(last));
    }

    [Fact]
    public void Last_ReturnsACopy_LaterAddsDoNotChangeIt()
    {
        var sut = new ResultRing(2);
        sut.Add(Sample.Pass(1));
        sut.Add(Sample.Pass(2));

        var snapshot = sut.Last(2);
        sut.Add(Sample.Fail(3));

        Assert.Equal([Sample.At(1), Sample.At(2)], Sample.Instants(snapshot));
    }
}
