namespace Vitals.Core.Instances;

/// <summary>The instance's own reachability check (e.g. TCP to its SSH port, ICMP): interval and last result.</summary>
/// <param name="Interval">How often it runs.</param>
/// <param name="LastCheckedAt">When it last completed; null when it has not run yet.</param>
/// <param name="Reachable">Its verdict (after rise/fall), meaningful when <paramref name="LastCheckedAt"/> is set.</param>
/// <param name="Detail">Why it failed (a reason code), if it did.</param>
public sealed record ReachabilityInput(TimeSpan Interval, DateTimeOffset? LastCheckedAt, bool Reachable, string? Detail = null);
