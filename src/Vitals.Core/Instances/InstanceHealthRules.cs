using Vitals.Core.Health;

namespace Vitals.Core.Instances;

/// <summary>
/// The instance health rule table (docs/instance-health.md). The first rule that matches decides, in this order:
/// Maintaining, Initializing, InsufficientData, NotApplicable, Impaired, Warning, Ok. Every reason found at the
/// deciding rule is returned, so a Warning caused by load and a flapping member names both.
/// </summary>
public static class InstanceHealthRules
{
    public static InstanceHealthVerdict Evaluate(InstanceHealthInput input, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        var reasons = new List<InstanceHealthReason>();

        if (InMaintenance(input, now, reasons))
        {
            return new InstanceHealthVerdict(InstanceHealthStatus.Maintaining, reasons);
        }

        var young = now - input.CreatedAt < input.Thresholds.InitializingWindow;
        var hasVerdict = HasAnyVerdict(input);
        // A source that answers with an error is not "still coming": it is reported from its first failure, young or not.
        var failing = input.HostMetrics?.FailsWithoutData == true;
        if (young && !hasVerdict && !failing)
        {
            reasons.Add(new InstanceHealthReason(InstanceHealthReason.AwaitingFirstVerdict,
                $"registered {Describe(now - input.CreatedAt)} ago; no check has produced a verdict yet"));
            return new InstanceHealthVerdict(InstanceHealthStatus.Initializing, reasons);
        }

        var configured = CountCheckedMembers(input) > 0 || input.HostMetrics is not null || input.Reachability is not null;
        CollectStaleData(input, now, young, reasons);
        if (!hasVerdict && configured && !young)
        {
            reasons.Add(new InstanceHealthReason(InstanceHealthReason.AwaitingFirstVerdict,
                $"registered {Describe(now - input.CreatedAt)} ago and still no check has produced a verdict"));
        }

        if (reasons.Count > 0)
        {
            return new InstanceHealthVerdict(InstanceHealthStatus.InsufficientData, reasons);
        }

        if (!configured)
        {
            reasons.Add(new InstanceHealthReason(InstanceHealthReason.NoChecks,
                "no member with health checks, no node_exporter and no reachability check"));
            return new InstanceHealthVerdict(InstanceHealthStatus.NotApplicable, reasons);
        }

        var tally = MemberTally.Of(input.Members);
        CollectImpairment(input, tally, reasons);
        if (reasons.Count > 0)
        {
            return new InstanceHealthVerdict(InstanceHealthStatus.Impaired, reasons);
        }

        CollectWarnings(input, tally, reasons);
        return reasons.Count > 0
            ? new InstanceHealthVerdict(InstanceHealthStatus.Warning, reasons)
            : new InstanceHealthVerdict(InstanceHealthStatus.Ok, reasons);
    }

    private static bool InMaintenance(InstanceHealthInput input, DateTimeOffset now, List<InstanceHealthReason> reasons)
    {
        foreach (var window in input.MaintenanceWindows)
        {
            if (window.Covers(now))
            {
                var what = string.IsNullOrEmpty(window.Description) ? "maintenance window" : $"maintenance window \"{window.Description}\"";
                reasons.Add(new InstanceHealthReason(InstanceHealthReason.MaintenanceWindow,
                    $"{what} from {window.Start:O} until {window.End:O}"));
            }
        }

        return reasons.Count > 0;
    }

    private static bool HasAnyVerdict(InstanceHealthInput input)
    {
        foreach (var member in input.Members)
        {
            if (member.State is HealthState.Healthy or HealthState.Unhealthy)
            {
                return true;
            }
        }

        return input.HostMetrics?.Last is not null || input.Reachability?.LastCheckedAt is not null;
    }

    private static int CountCheckedMembers(InstanceHealthInput input)
    {
        var count = 0;
        foreach (var member in input.Members)
        {
            if (member.IsChecked)
            {
                count++;
            }
        }

        return count;
    }

    // Missing data only counts once the instance is past its initializing window: before that it is still coming.
    private static void CollectStaleData(InstanceHealthInput input, DateTimeOffset now, bool young, List<InstanceHealthReason> reasons)
    {
        var intervals = input.Thresholds.StaleAfterIntervals;
        int checkedMembers = 0, stale = 0, never = 0;
        foreach (var member in input.Members)
        {
            if (!member.IsChecked)
            {
                continue;
            }

            checkedMembers++;
            if (member.LastCheckedAt is null)
            {
                never += young ? 0 : 1;
            }
            else if (now - member.LastCheckedAt.Value > member.CheckInterval * intervals)
            {
                stale++;
            }
        }

        if (stale > 0)
        {
            reasons.Add(new InstanceHealthReason(InstanceHealthReason.MemberCheckStale,
                $"{stale} of {checkedMembers} checked members have no result for more than {intervals} check intervals"));
        }

        if (never > 0)
        {
            reasons.Add(new InstanceHealthReason(InstanceHealthReason.MemberNeverChecked,
                $"{never} of {checkedMembers} checked members have never been checked"));
        }

        if (input.HostMetrics is { } metrics)
        {
            var lastFailure = metrics.Failing is null ? string.Empty : $"; the last scrape failed: {metrics.Failing}";
            if (metrics.FailsWithoutData)
            {
                reasons.Add(new InstanceHealthReason(InstanceHealthReason.HostMetricsFailing,
                    $"node_exporter gives no host metrics: {metrics.Failing}"));
            }
            else if (metrics.Last is null)
            {
                AddIf(!young, reasons, InstanceHealthReason.HostMetricsMissing, "node_exporter has never been scraped successfully");
            }
            else if (now - metrics.Last.SampledAt > metrics.ScrapeInterval * intervals)
            {
                reasons.Add(new InstanceHealthReason(InstanceHealthReason.HostMetricsStale,
                    $"last node_exporter sample is {Describe(now - metrics.Last.SampledAt)} old (more than {intervals} scrape intervals){lastFailure}"));
            }
        }

        if (input.Reachability is { } reach)
        {
            if (reach.LastCheckedAt is null)
            {
                AddIf(!young, reasons, InstanceHealthReason.ReachabilityMissing, "the reachability check has never completed");
            }
            else if (now - reach.LastCheckedAt.Value > reach.Interval * intervals)
            {
                reasons.Add(new InstanceHealthReason(InstanceHealthReason.ReachabilityStale,
                    $"last reachability result is {Describe(now - reach.LastCheckedAt.Value)} old (more than {intervals} intervals)"));
            }
        }
    }

    private static void CollectImpairment(InstanceHealthInput input, MemberTally tally, List<InstanceHealthReason> reasons)
    {
        if (input.Reachability is { LastCheckedAt: not null, Reachable: false } reach)
        {
            var why = string.IsNullOrEmpty(reach.Detail) ? string.Empty : $" ({reach.Detail})";
            reasons.Add(new InstanceHealthReason(InstanceHealthReason.Unreachable, "the instance's reachability check fails" + why));
        }

        if (tally.WithVerdict > 0 && tally.Unhealthy == tally.WithVerdict)
        {
            reasons.Add(new InstanceHealthReason(InstanceHealthReason.AllMembersUnhealthy,
                $"all {tally.WithVerdict} members with a verdict are unhealthy"));
        }
    }

    private static void CollectWarnings(InstanceHealthInput input, MemberTally tally, List<InstanceHealthReason> reasons)
    {
        if (tally.Unhealthy > 0)
        {
            reasons.Add(new InstanceHealthReason(InstanceHealthReason.MembersUnhealthy,
                $"{tally.Unhealthy} of {tally.WithVerdict} members with a verdict are unhealthy"));
        }

        if (tally.Flapping > 0)
        {
            reasons.Add(new InstanceHealthReason(InstanceHealthReason.MembersFlapping, $"{tally.Flapping} members are flapping"));
        }

        if (input.HostMetrics?.Last is not { } sample)
        {
            return;
        }

        var limits = input.Thresholds;
        if (sample.LoadPerCpu is { } load && !double.IsNaN(load) && load > limits.MaxLoadPerCpu)
        {
            reasons.Add(new InstanceHealthReason(InstanceHealthReason.HighLoad,
                $"1-minute load per CPU is {load:0.##} (limit {limits.MaxLoadPerCpu:0.##})"));
        }

        if (sample.MemoryAvailableRatio is { } memory && !double.IsNaN(memory) && memory < limits.MinMemoryAvailableRatio)
        {
            reasons.Add(new InstanceHealthReason(InstanceHealthReason.LowMemory,
                $"{memory:P1} of memory available (limit {limits.MinMemoryAvailableRatio:P0})"));
        }

        if (sample.DiskFreeRatio is { } disk && !double.IsNaN(disk) && disk < limits.MinDiskFreeRatio)
        {
            reasons.Add(new InstanceHealthReason(InstanceHealthReason.LowDisk,
                $"{disk:P1} of the root filesystem free (limit {limits.MinDiskFreeRatio:P0})"));
        }
    }

    private static void AddIf(bool condition, List<InstanceHealthReason> reasons, string code, string message)
    {
        if (condition)
        {
            reasons.Add(new InstanceHealthReason(code, message));
        }
    }

    private static string Describe(TimeSpan span) =>
        span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0.#} min" : $"{Math.Max(0, span.TotalSeconds):0} s";

    private readonly record struct MemberTally(int WithVerdict, int Unhealthy, int Flapping)
    {
        public static MemberTally Of(IReadOnlyList<MemberHealthInput> members)
        {
            int withVerdict = 0, unhealthy = 0, flapping = 0;
            foreach (var member in members)
            {
                if (!member.IsChecked)
                {
                    continue;
                }

                withVerdict += member.State is HealthState.Healthy or HealthState.Unhealthy ? 1 : 0;
                unhealthy += member.State == HealthState.Unhealthy ? 1 : 0;
                flapping += member.Flapping ? 1 : 0;
            }

            return new MemberTally(withVerdict, unhealthy, flapping);
        }
    }
}
