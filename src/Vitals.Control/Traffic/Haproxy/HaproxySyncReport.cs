using Vitals.Core.Resources;

namespace Vitals.Control.Traffic.Haproxy;

/// <summary>One binding's sync as /metrics shows it.</summary>
/// <param name="Binding">The binding.</param>
/// <param name="Status">Its status.</param>
/// <param name="LagSumSeconds">Every confirmed propagation lag since start, summed.</param>
/// <param name="LagCount">How many.</param>
internal sealed record HaproxySyncReport(HaproxyBinding Binding, HaproxySyncStatus Status, double LagSumSeconds, long LagCount);
