using Vitals.Core.Health;

namespace Vitals.Control.Health;

/// <summary>Members per state (indexed by <see cref="HealthState"/>, all five) and how many are flapping.</summary>
internal sealed class HealthCounts
{
    private static readonly int States = Enum.GetValues<HealthState>().Length;

    private readonly int[] _byState = new int[States];

    public int Flapping { get; private set; }

    public int Total { get; private set; }

    public int Healthy => _byState[(int)HealthState.Healthy];

    public int NonHealthy => Total - Healthy;

    public int this[HealthState state] => _byState[(int)state];

    /// <summary>States are counted into a span by the hot loops (a stack array is cheaper than a field per member), then kept here.</summary>
    public static int StateCount => States;

    public static HealthCounts From(ReadOnlySpan<int> byState, int flapping)
    {
        var counts = new HealthCounts { Flapping = flapping };
        byState.CopyTo(counts._byState);
        foreach (var count in byState)
        {
            counts.Total += count;
        }

        return counts;
    }
}
