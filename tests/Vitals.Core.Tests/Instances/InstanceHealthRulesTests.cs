using Vitals.Core.Health;
using Vitals.Core.Instances;
using Vitals.Core.Resources;

namespace Vitals.Core.Tests.Instances;

public sealed class InstanceHealthRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Old = Now.AddDays(-1);
    private static readonly DateTimeOffset Young = Now.AddMinutes(-1);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Scrape = TimeSpan.FromSeconds(15);

    private static MemberHealthInput Member(HealthState state, TimeSpan? age = null, bool flapping = false) =>
        new(state, flapping, age is null ? null : Now - age.Value, Interval);

    private static MemberHealthInput Healthy(bool flapping = false) => Member(HealthState.Healthy, TimeSpan.FromSeconds(5), flapping);

    private static MemberHealthInput Unhealthy() => Member(HealthState.Unhealthy, TimeSpan.FromSeconds(5));

    private static MemberHealthInput NeverChecked() => Member(HealthState.Initial);

    private static HostMetricsInput Metrics(double? load = 0.5, double? memory = 0.5, double? disk = 0.5, TimeSpan? age = null) =>
        new(Scrape, new HostMetrics(Now - (age ?? TimeSpan.FromSeconds(5)), load, memory, disk));

    private static ReachabilityInput Reach(bool reachable, TimeSpan? age = null) =>
        new(Interval, Now - (age ?? TimeSpan.FromSeconds(5)), reachable, reachable ? null : "CONNECT_TIMEOUT");

    private static InstanceHealthInput Input(DateTimeOffset createdAt, params MemberHealthInput[] members) =>
        new() { CreatedAt = createdAt, Members = members };

    private static MaintenanceWindow Window(double startMinutes, double endMinutes) =>
        new(Now.AddMinutes(startMinutes), Now.AddMinutes(endMinutes), "kernel upgrade");

    private static readonly Dictionary<string, (InstanceHealthInput Input, InstanceHealthStatus Status, string[] Reasons)> Table = new()
    {
        // 1. Maintaining: a window covering now beats everything.
        ["maintenance covering now beats impaired and stale"] = (
            Input(Old, Unhealthy(), Member(HealthState.Healthy, TimeSpan.FromHours(1))) with
            {
                MaintenanceWindows = [Window(-60, 60)], Reachability = Reach(false),
            },
            InstanceHealthStatus.Maintaining, [InstanceHealthReason.MaintenanceWindow]),
        ["maintenance starting exactly now covers now"] = (
            Input(Old, Healthy()) with { MaintenanceWindows = [Window(0, 60)] }, InstanceHealthStatus.Maintaining, [InstanceHealthReason.MaintenanceWindow]),
        ["maintenance ending exactly now does not cover now"] = (
            Input(Old, Healthy()) with { MaintenanceWindows = [Window(-60, 0)] }, InstanceHealthStatus.Ok, []),
        ["maintenance in the future only"] = (
            Input(Old, Healthy()) with { MaintenanceWindows = [Window(10, 60)] }, InstanceHealthStatus.Ok, []),
        ["maintenance beats initializing"] = (
            Input(Young, NeverChecked()) with { MaintenanceWindows = [Window(-1, 1)] }, InstanceHealthStatus.Maintaining, [InstanceHealthReason.MaintenanceWindow]),

        // 2. Initializing: young and no verdict from any source.
        ["young, every member initial and never checked"] = (
            Input(Young, NeverChecked(), NeverChecked()), InstanceHealthStatus.Initializing, [InstanceHealthReason.AwaitingFirstVerdict]),
        ["young, members initial but checked recently"] = (
            Input(Young, Member(HealthState.Initial, TimeSpan.FromSeconds(3))), InstanceHealthStatus.Initializing, [InstanceHealthReason.AwaitingFirstVerdict]),
        ["young, nothing configured yet"] = (
            Input(Young), InstanceHealthStatus.Initializing, [InstanceHealthReason.AwaitingFirstVerdict]),
        ["young, exporter configured but not scraped yet"] = (
            Input(Young) with { HostMetrics = new HostMetricsInput(Scrape, null) }, InstanceHealthStatus.Initializing, [InstanceHealthReason.AwaitingFirstVerdict]),
        ["young, one member already healthy: missing data of the rest is not yet missing"] = (
            Input(Young, Healthy(), NeverChecked()) with { HostMetrics = new HostMetricsInput(Scrape, null) }, InstanceHealthStatus.Ok, []),
        ["young, reachability already failing"] = (
            Input(Young, NeverChecked()) with { Reachability = Reach(false) }, InstanceHealthStatus.Impaired, [InstanceHealthReason.Unreachable]),
        ["exactly at the end of the initializing window, still no verdict"] = (
            Input(Now - InstanceHealthThresholds.Default.InitializingWindow, NeverChecked()),
            InstanceHealthStatus.InsufficientData, [InstanceHealthReason.MemberNeverChecked, InstanceHealthReason.AwaitingFirstVerdict]),

        // 3. InsufficientData: stale or missing data.
        ["old, members checked recently but still initial"] = (
            Input(Old, Member(HealthState.Initial, TimeSpan.FromSeconds(2))), InstanceHealthStatus.InsufficientData, [InstanceHealthReason.AwaitingFirstVerdict]),
        ["one member's last check older than three intervals"] = (
            Input(Old, Healthy(), Member(HealthState.Healthy, TimeSpan.FromSeconds(31))), InstanceHealthStatus.InsufficientData, [InstanceHealthReason.MemberCheckStale]),
        ["member checked exactly three intervals ago is not stale"] = (
            Input(Old, Member(HealthState.Healthy, TimeSpan.FromSeconds(30))), InstanceHealthStatus.Ok, []),
        ["stale data beats impaired"] = (
            Input(Old, Unhealthy(), Member(HealthState.Unhealthy, TimeSpan.FromMinutes(5))), InstanceHealthStatus.InsufficientData, [InstanceHealthReason.MemberCheckStale]),
        ["stale data beats not applicable (exporter only, stale)"] = (
            Input(Old) with { HostMetrics = Metrics(age: TimeSpan.FromSeconds(46)) }, InstanceHealthStatus.InsufficientData, [InstanceHealthReason.HostMetricsStale]),
        ["host metrics exactly three scrapes old are not stale"] = (
            Input(Old, Healthy()) with { HostMetrics = Metrics(age: TimeSpan.FromSeconds(45)) }, InstanceHealthStatus.Ok, []),
        ["exporter never scraped on an old instance"] = (
            Input(Old, Healthy()) with { HostMetrics = new HostMetricsInput(Scrape, null) }, InstanceHealthStatus.InsufficientData, [InstanceHealthReason.HostMetricsMissing]),
        ["young, exporter answers with an error: no data is coming, from the first failure"] = (
            Input(Young) with { HostMetrics = new HostMetricsInput(Scrape, null, "HttpStatus (HTTP 500)") },
            InstanceHealthStatus.InsufficientData, [InstanceHealthReason.HostMetricsFailing]),
        ["young, exporter reached but answering an error is not Ok"] = (
            Input(Young) with { HostMetrics = new HostMetricsInput(Scrape, null, "HttpStatus (HTTP 500)"), Reachability = Reach(true) },
            InstanceHealthStatus.InsufficientData, [InstanceHealthReason.HostMetricsFailing]),
        ["old, healthy members but the exporter never gave a sample, only errors"] = (
            Input(Old, Healthy()) with { HostMetrics = new HostMetricsInput(Scrape, null, "Unparsable (no sample)") },
            InstanceHealthStatus.InsufficientData, [InstanceHealthReason.HostMetricsFailing]),
        ["one failed scrape after a fresh sample is noise"] = (
            Input(Old, Healthy()) with { HostMetrics = Metrics() with { Failing = "HttpStatus (HTTP 500)" } }, InstanceHealthStatus.Ok, []),
        ["failing scrapes after an old sample: stale"] = (
            Input(Old) with { HostMetrics = Metrics(age: TimeSpan.FromMinutes(2)) with { Failing = "HttpStatus (HTTP 503)" } },
            InstanceHealthStatus.InsufficientData, [InstanceHealthReason.HostMetricsStale]),
        ["reachability result stale"] = (
            Input(Old, Healthy()) with { Reachability = Reach(true, TimeSpan.FromSeconds(31)) }, InstanceHealthStatus.InsufficientData, [InstanceHealthReason.ReachabilityStale]),
        ["reachability never completed on an old instance"] = (
            Input(Old, Healthy()) with { Reachability = new ReachabilityInput(Interval, null, false) },
            InstanceHealthStatus.InsufficientData, [InstanceHealthReason.ReachabilityMissing]),
        ["every stale source is named"] = (
            Input(Old, Member(HealthState.Healthy, TimeSpan.FromMinutes(2)), NeverChecked()) with
            {
                HostMetrics = Metrics(age: TimeSpan.FromMinutes(2)), Reachability = Reach(true, TimeSpan.FromMinutes(2)),
            },
            InstanceHealthStatus.InsufficientData,
            [InstanceHealthReason.MemberCheckStale, InstanceHealthReason.MemberNeverChecked, InstanceHealthReason.HostMetricsStale, InstanceHealthReason.ReachabilityStale]),
        ["a stale unused member does not count"] = (
            Input(Old, Healthy(), Member(HealthState.Unused, TimeSpan.FromHours(1))), InstanceHealthStatus.Ok, []),

        // 4. NotApplicable: nothing checks it.
        ["old, no members, no exporter, no reachability"] = (
            Input(Old), InstanceHealthStatus.NotApplicable, [InstanceHealthReason.NoChecks]),
        ["old, only unused and unavailable members"] = (
            Input(Old, Member(HealthState.Unused), Member(HealthState.Unavailable)), InstanceHealthStatus.NotApplicable, [InstanceHealthReason.NoChecks]),

        // 5. Impaired: own reachability failing, or every member with a verdict unhealthy.
        ["reachability check failing"] = (
            Input(Old, Healthy()) with { Reachability = Reach(false) }, InstanceHealthStatus.Impaired, [InstanceHealthReason.Unreachable]),
        ["all members unhealthy"] = (
            Input(Old, Unhealthy(), Unhealthy()), InstanceHealthStatus.Impaired, [InstanceHealthReason.AllMembersUnhealthy]),
        ["all members unhealthy and unreachable"] = (
            Input(Old, Unhealthy()) with { Reachability = Reach(false) },
            InstanceHealthStatus.Impaired, [InstanceHealthReason.Unreachable, InstanceHealthReason.AllMembersUnhealthy]),
        ["unhealthy plus a fresh initial member: those with a verdict are all down"] = (
            Input(Old, Unhealthy(), Member(HealthState.Initial, TimeSpan.FromSeconds(1))), InstanceHealthStatus.Impaired, [InstanceHealthReason.AllMembersUnhealthy]),
        ["impaired beats warning"] = (
            Input(Old, Unhealthy()) with { HostMetrics = Metrics(load: 9) }, InstanceHealthStatus.Impaired, [InstanceHealthReason.AllMembersUnhealthy]),

        // 6. Warning: some members down or flapping, or host over its limits.
        ["some members unhealthy"] = (
            Input(Old, Healthy(), Unhealthy()), InstanceHealthStatus.Warning, [InstanceHealthReason.MembersUnhealthy]),
        ["a member flapping"] = (
            Input(Old, Healthy(flapping: true), Healthy()), InstanceHealthStatus.Warning, [InstanceHealthReason.MembersFlapping]),
        ["load per cpu just above 2"] = (
            Input(Old, Healthy()) with { HostMetrics = Metrics(load: 2.01) }, InstanceHealthStatus.Warning, [InstanceHealthReason.HighLoad]),
        ["load per cpu exactly 2"] = (
            Input(Old, Healthy()) with { HostMetrics = Metrics(load: 2.0) }, InstanceHealthStatus.Ok, []),
        ["memory available just below 10%"] = (
            Input(Old, Healthy()) with { HostMetrics = Metrics(memory: 0.099) }, InstanceHealthStatus.Warning, [InstanceHealthReason.LowMemory]),
        ["memory available exactly 10%"] = (
            Input(Old, Healthy()) with { HostMetrics = Metrics(memory: 0.10) }, InstanceHealthStatus.Ok, []),
        ["root disk nearly full"] = (
            Input(Old) with { HostMetrics = Metrics(disk: 0.05) }, InstanceHealthStatus.Warning, [InstanceHealthReason.LowDisk]),
        ["every warning is named"] = (
            Input(Old, Healthy(flapping: true), Unhealthy()) with { HostMetrics = Metrics(3, 0.01, 0.01) },
            InstanceHealthStatus.Warning,
            [InstanceHealthReason.MembersUnhealthy, InstanceHealthReason.MembersFlapping, InstanceHealthReason.HighLoad, InstanceHealthReason.LowMemory, InstanceHealthReason.LowDisk]),
        ["custom thresholds apply"] = (
            Input(Old, Healthy()) with { HostMetrics = Metrics(load: 1.0), Thresholds = new InstanceHealthThresholds { MaxLoadPerCpu = 0.5 } },
            InstanceHealthStatus.Warning, [InstanceHealthReason.HighLoad]),

        // 7. Ok.
        ["all members healthy"] = (Input(Old, Healthy(), Healthy()), InstanceHealthStatus.Ok, []),
        ["healthy members, unused and unavailable ones ignored"] = (
            Input(Old, Healthy(), Member(HealthState.Unused), Member(HealthState.Unavailable)), InstanceHealthStatus.Ok, []),
        ["reachable, no members"] = (Input(Old) with { Reachability = Reach(true) }, InstanceHealthStatus.Ok, []),
        ["host metrics only, all fine"] = (Input(Old) with { HostMetrics = Metrics() }, InstanceHealthStatus.Ok, []),
        ["NaN and missing figures are not judged"] = (
            Input(Old, Healthy()) with { HostMetrics = Metrics(double.NaN, null, double.NaN) }, InstanceHealthStatus.Ok, []),
    };

    public static TheoryData<string> Cases() => new(Table.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_RuleTableRow_GivesStatusAndReasons(string row)
    {
        var (input, status, reasons) = Table[row];

        var verdict = InstanceHealthRules.Evaluate(input, Now);

        Assert.Equal(status, verdict.Status);
        Assert.Equal(reasons, verdict.Reasons.Select(r => r.Code));
        Assert.All(verdict.Reasons, r => Assert.False(string.IsNullOrWhiteSpace(r.Message)));
    }

    [Fact]
    public void Evaluate_ReasonMessages_CarryTheFigures()
    {
        var input = Input(Old, Healthy(), Unhealthy()) with { HostMetrics = Metrics(load: 3.5, memory: 0.05) };

        var verdict = InstanceHealthRules.Evaluate(input, Now);

        Assert.Equal("1 of 2 members with a verdict are unhealthy", verdict.Reasons[0].Message);
        Assert.Equal("1-minute load per CPU is 3.5 (limit 2)", verdict.Reasons[1].Message);
        Assert.StartsWith("5.0", verdict.Reasons[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_FailingExporter_ReasonsNameTheFailure()
    {
        var never = Input(Young) with { HostMetrics = new HostMetricsInput(Scrape, null, "HttpStatus (HTTP 500)") };
        var stale = Input(Old) with { HostMetrics = Metrics(age: TimeSpan.FromMinutes(2)) with { Failing = "HttpStatus (HTTP 503)" } };

        var neverVerdict = InstanceHealthRules.Evaluate(never, Now);
        var staleVerdict = InstanceHealthRules.Evaluate(stale, Now);

        Assert.Equal("node_exporter gives no host metrics: HttpStatus (HTTP 500)", neverVerdict.Reasons[0].Message);
        Assert.EndsWith("; the last scrape failed: HttpStatus (HTTP 503)", staleVerdict.Reasons[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MaintenanceReason_NamesTheWindow()
    {
        var input = Input(Old, Healthy()) with { MaintenanceWindows = [Window(-5, 5)] };

        var verdict = InstanceHealthRules.Evaluate(input, Now);

        Assert.Contains("\"kernel upgrade\"", verdict.Reasons[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_TimePassing_MovesFromInitializingToInsufficientDataToOk()
    {
        var created = Now;
        var pending = Input(created, NeverChecked());
        var checkedLater = Input(created, Member(HealthState.Healthy, TimeSpan.Zero));

        var atStart = InstanceHealthRules.Evaluate(pending, Now.AddMinutes(1));
        var afterWindow = InstanceHealthRules.Evaluate(pending, Now.AddMinutes(6));
        var once = InstanceHealthRules.Evaluate(checkedLater, Now);

        Assert.Equal(InstanceHealthStatus.Initializing, atStart.Status);
        Assert.Equal(InstanceHealthStatus.InsufficientData, afterWindow.Status);
        Assert.Equal(InstanceHealthStatus.Ok, once.Status);
    }
}
