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

    public void Add(HealthState state, bool flapping)
    {
        _byState[(int)state]++;
        Total++;
        Flapping += flapping ? 1 : 0;
    }
}
