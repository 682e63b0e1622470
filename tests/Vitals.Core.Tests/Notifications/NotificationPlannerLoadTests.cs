using System.Diagnostics;
using Vitals.Core.Notifications;
using static Vitals.Core.Tests.Notifications.Fleet;

namespace Vitals.Core.Tests.Notifications;

public sealed class NotificationPlannerLoadTests(ITestOutputHelper log)
{
    [Fact]
    public void TenThousandTransitions_ArePlannedQuicklyAndLightly()
    {
        // 100 pools of 100 members; every member goes down, then up, spread over two minutes (10,000 transitions).
        var changes = new List<MemberChange>(10_000);
        for (var round = 0; round < 2; round++)
        {
            for (var p = 0; p < 100; p++)
            {
                var pool = Pool($"sgp-{p}");
                for (var m = 0; m < 50; m++)
                {
                    var member = Member(pool, (p * 100) + m);
                    var at = T0.AddSeconds(round * 60).AddMilliseconds((p * 50) + m);
                    changes.Add(round == 0 ? Down(member, at) : Up(member, at));
                }
            }
        }

        var sut = new NotificationPlanner();
        var output = new List<NotificationEvent>(1_000);
        // One pass on a planner of its own first, so the figure is the planner's and not the JIT's (~130 ms cold).
        var warm = new NotificationPlanner();
        var warmOutput = new List<NotificationEvent>();
        foreach (var change in changes)
        {
            warm.OnTransition(change, null, warmOutput);
        }

        warm.Tick(T0.AddMinutes(5), warmOutput);

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        foreach (var change in changes)
        {
            sut.OnTransition(change, null, output);
        }

        sut.Tick(T0.AddMinutes(5), output);
        clock.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        log.WriteLine($"10,000 transitions: {clock.Elapsed.TotalMilliseconds:F1} ms, {allocated:N0} bytes allocated");

        // Two rounds × 100 pools × (one at once + one grouped).
        Assert.Equal(400, output.Count);
        Assert.Equal(10_000, output.Sum(e => e.Group?.ChangesTotal ?? 1));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"planning took {clock.Elapsed}");

        // The events themselves (400, with their ids and member lists) and the windows' lists are the allocations:
        // about 135 bytes per transition measured (1.35 MB), nothing like one event per transition.
        Assert.True(allocated < 4_000_000, $"allocated {allocated:N0} bytes");
    }
}
