using Vitals.Server.Dialects.Alibaba.Signing;

namespace Vitals.Server.Tests.Dialects.Alibaba.Signing;

public sealed class SignatureNonceCacheTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryUse_SameNonceTwice_SecondIsRejected()
    {
        var sut = new SignatureNonceCache(TimeSpan.FromMinutes(30), 10);

        Assert.True(sut.TryUse("k", "n", T0));
        Assert.False(sut.TryUse("k", "n", T0.AddMinutes(29)));
    }

    [Fact]
    public void TryUse_AfterRetention_NonceIsForgotten()
    {
        var sut = new SignatureNonceCache(TimeSpan.FromMinutes(30), 10);
        sut.TryUse("k", "n", T0);

        Assert.True(sut.TryUse("k", "n", T0.AddMinutes(30)));
    }

    [Fact]
    public void TryUse_KeysAreSeparate()
    {
        var sut = new SignatureNonceCache(TimeSpan.FromMinutes(30), 10);

        Assert.True(sut.TryUse("a", "n", T0));
        Assert.True(sut.TryUse("b", "n", T0));
        Assert.False(sut.TryUse("a", "n", T0));
    }

    [Fact]
    public void TryUse_OverCapacity_DropsOldestFirst()
    {
        var sut = new SignatureNonceCache(TimeSpan.FromMinutes(30), 3);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(sut.TryUse("k", "n" + i, T0.AddSeconds(i)));
        }

        Assert.Equal(3, sut.Count("k"));
        Assert.True(sut.TryUse("k", "n0", T0.AddSeconds(10)));
        Assert.False(sut.TryUse("k", "n3", T0.AddSeconds(10)));
    }

    [Fact]
    public void TryUse_ManyCallsOverTime_SweepsIdleKeysAway()
    {
        var sut = new SignatureNonceCache(TimeSpan.FromMinutes(1), 10);
        sut.TryUse("idle", "n", T0);

        for (var i = 0; i < 2048; i++)
        {
            sut.TryUse("busy", "n" + i, T0.AddMinutes(2).AddMilliseconds(i));
        }

        Assert.Equal(0, sut.Count("idle"));
        Assert.Equal(10, sut.Count("busy"));
    }
}
