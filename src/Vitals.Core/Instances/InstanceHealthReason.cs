namespace Vitals.Core.Instances;

/// <summary>One reason behind an instance health verdict: a stable code and a sentence for people.</summary>
public sealed record InstanceHealthReason(string Code, string Message)
{
    public const string MaintenanceWindow = "MAINTENANCE_WINDOW";
    public const string AwaitingFirstVerdict = "AWAITING_FIRST_VERDICT";
    public const string MemberCheckStale = "MEMBER_CHECK_STALE";
    public const string MemberNeverChecked = "MEMBER_NEVER_CHECKED";
    public const string HostMetricsStale = "HOST_METRICS_STALE";
    public const string HostMetricsMissing = "HOST_METRICS_MISSING";
    public const string HostMetricsFailing = "HOST_METRICS_FAILING";
    public const string ReachabilityStale = "REACHABILITY_STALE";
    public const string ReachabilityMissing = "REACHABILITY_MISSING";
    public const string NoChecks = "NO_CHECKS";
    public const string Unreachable = "UNREACHABLE";
    public const string AllMembersUnhealthy = "ALL_MEMBERS_UNHEALTHY";
    public const string MembersUnhealthy = "MEMBERS_UNHEALTHY";
    public const string MembersFlapping = "MEMBERS_FLAPPING";
    public const string HighLoad = "HIGH_LOAD";
    public const string LowMemory = "LOW_MEMORY";
    public const string LowDisk = "LOW_DISK";

    public override string ToString() => Code + ": " + Message;
}
