using System.Text;

namespace Vitals.Server.Metrics;

/// <summary>A per-member metric family: its name (UTF-8, encoded once) and help text.</summary>
internal sealed class MemberSeries
{
    private MemberSeries(MemberSeriesKind kind, string name, string help)
    {
        Kind = kind;
        Name = Encoding.UTF8.GetBytes(name);
        Help = help;
    }

    /// <summary>Every per-member family, in the order a scrape writes them (all gauges).</summary>
    public static IReadOnlyList<MemberSeries> All { get; } =
    [
        new(MemberSeriesKind.Info, "vitals_member_info",
            "Always 1: the member's descriptive labels (loadbalancer, name, address, port), to join onto the other member series by member."),
        new(MemberSeriesKind.Up, "vitals_member_up", "Whether the member is Healthy (1) or in any other state (0)."),
        new(MemberSeriesKind.State, "vitals_member_state",
            "The member's reported state as a state set: 1 for the current state, 0 for the others."),
        new(MemberSeriesKind.StateSince, "vitals_member_state_since_timestamp_seconds", "When the member's current state began, Unix time."),
        new(MemberSeriesKind.Flapping, "vitals_member_flapping", "Whether the member changed state too often lately (1) or not (0)."),
        new(MemberSeriesKind.LastSuccess, "vitals_member_last_check_success",
            "Whether the member's newest check passed (1) or failed (0); only members that are checked."),
        new(MemberSeriesKind.LastDuration, "vitals_member_last_check_duration_seconds", "How long the member's newest check took."),
        new(MemberSeriesKind.LastTimestamp, "vitals_member_last_check_timestamp_seconds", "When the member's newest check started, Unix time."),
        new(MemberSeriesKind.LastFailure, "vitals_member_last_check_failure_info",
            "Present (value 1) while the member's newest check failed: why, as reason_code (NLB vocabulary) and check_code (HAProxy's)."),
    ];

    public MemberSeriesKind Kind { get; }

    public byte[] Name { get; }

    public string Help { get; }
}
