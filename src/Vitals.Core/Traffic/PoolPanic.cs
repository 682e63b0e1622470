using System.Globalization;

namespace Vitals.Core.Traffic;

/// <summary>
/// A pool whose verdicts would leave fewer members in rotation than its <c>min_healthy_percent</c>: the least-bad failing
/// members are kept in rotation instead (Envoy's panic threshold, the cloud load balancers' fail-open).
/// </summary>
/// <param name="MinHealthyPercent">The pool's threshold.</param>
/// <param name="Eligible">Members that count: switched on, weight above 0, with a verdict (Healthy or Unhealthy).</param>
/// <param name="Healthy">Eligible members that are Healthy.</param>
/// <param name="Required">Members that must stay in rotation: <c>ceil(Eligible × MinHealthyPercent / 100)</c>.</param>
/// <param name="Kept">The failing members kept in rotation, best first.</param>
public sealed record PoolPanic(int MinHealthyPercent, int Eligible, int Healthy, int Required, IReadOnlyList<string> Kept)
{
    /// <summary>One line for people: how many are healthy, the threshold, and how many failing members stay.</summary>
    public string Reason => string.Create(CultureInfo.InvariantCulture,
        $"{Healthy} of {Eligible} members healthy, below min_healthy_percent {MinHealthyPercent}: {Kept.Count} failing member(s) kept in rotation");
}
