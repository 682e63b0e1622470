namespace Vitals.Engine.Tests;

/// <summary>The system clock's tick source: a thread of its own that calls back every period until disposed.</summary>
public sealed class TickThreadTests
{
    [Fact]
    public async Task Ticks_OnItsOwnThread_AndStopOnceDisposed()
    {
        using var ticked = new SemaphoreSlim(0);
        var calls = 0;
        string? threadName = null;
        var ticker = new TickThread(() =>
        {
            threadName = Thread.CurrentThread.Name;
            Interlocked.Increment(ref calls);
            ticked.Release();
        }, TimeSpan.FromMilliseconds(4));

        for (var i = 0; i < 10; i++)
        {
            Assert.True(await ticked.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken), $"tick {i + 1} of 10 did not come");
        }

        ticker.Dispose();
        var atDispose = Volatile.Read(ref calls);
        // Ten periods later at most the tick that was running when Dispose was called has been counted.
        await ticked.WaitAsync(TimeSpan.FromMilliseconds(40), TestContext.Current.CancellationToken);
        await ticked.WaitAsync(TimeSpan.FromMilliseconds(40), TestContext.Current.CancellationToken);

        Assert.Equal("vitals-tick", threadName);
        Assert.InRange(Volatile.Read(ref calls), atDispose, atDispose + 1);
    }

    [Fact]
    public async Task LongCallback_DoesNotBurstToCatchUp()
    {
        using var ticked = new SemaphoreSlim(0);
        var starts = new List<long>();
        using var ticker = new TickThread(() =>
        {
            lock (starts)
            {
                starts.Add(Environment.TickCount64);
                if (starts.Count == 1)
                {
                    // A stall of 25 periods in the first tick: the next ones must still come a period apart.
                    using var stall = new ManualResetEventSlim();
                    stall.Wait(TimeSpan.FromMilliseconds(100));
                }
            }

            ticked.Release();
        }, TimeSpan.FromMilliseconds(4));

        for (var i = 0; i < 6; i++)
        {
            Assert.True(await ticked.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        }

        long[] seen;
        lock (starts)
        {
            seen = [.. starts];
        }

        // Catching up would run the 25 missed ticks back to back: ticks 2..6 would then all start within a millisecond
        // or two of the stall's end. On the grid from now they take at least 4 periods (16 ms, minus timer rounding).
        Assert.True(seen[5] - seen[1] >= 12, $"ticks after a stall came too close together: {string.Join(", ", seen)}");
    }
}
