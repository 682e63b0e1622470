using System.Text;
using System.Text.Json;
using Vitals.Core.Health;
using Vitals.Core.Notifications;
using Vitals.Core.Probing;
using Vitals.Core.Traffic;

namespace Vitals.Core.Tests.Notifications;

public sealed class NotificationJsonWriterTests
{
    private static readonly string[] TopLevelKeys =
    [
        "id", "type", "schema_version", "time", "project", "load_balancer", "listener", "pool", "member", "old_state", "new_state",
        "reason_code", "check_code", "detail", "deciding_checks", "flapping", "group", "panic", "console_url",
    ];

    private static MemberChange Transition()
    {
        var pool = Fleet.Pool();
        var member = Fleet.Member(pool, 1);
        var failed = ProbeResult.Fail(ReasonCode.HttpCodeNotMatch, CheckCode.L7Sts, new ProbeTimings(100, -1, 2000, 2500),
            Fleet.T0.AddSeconds(-5), statusCode: 500, detail: "Internal Server Error");
        var transition = new HealthTransition(HealthState.Healthy, HealthState.Unhealthy, Fleet.T0, TransitionCause.Checks,
            ReasonCode.HttpCodeNotMatch, [failed, failed with { CheckedAt = Fleet.T0 }]);
        return MemberChange.Of(member, transition, "The backend answered HTTP 500.");
    }

    private static JsonElement Parse(NotificationEvent evt, string? baseUrl = "https://vitals.example.com")
    {
        var bytes = NotificationJsonWriter.ToUtf8Bytes(evt, baseUrl);
        return JsonDocument.Parse(bytes).RootElement.Clone();
    }

    [Fact]
    public void Write_Transition_HasEveryFieldInOrder()
    {
        var evt = NotificationEvent.Transition(Transition());

        var sut = Parse(evt);

        Assert.Equal(TopLevelKeys, sut.EnumerateObject().Select(p => p.Name));
        Assert.Equal(evt.Id, sut.GetProperty("id").GetString());
        Assert.Equal("member.transition", sut.GetProperty("type").GetString());
        Assert.Equal(1, sut.GetProperty("schema_version").GetInt32());
        Assert.Equal(Fleet.T0, sut.GetProperty("time").GetDateTimeOffset());
        Assert.Equal("prj-1", sut.GetProperty("project").GetProperty("id").GetString());
        Assert.Equal("shop", sut.GetProperty("project").GetProperty("name").GetString());
        Assert.Equal("edge", sut.GetProperty("load_balancer").GetProperty("name").GetString());
        Assert.Equal("lsn-1", sut.GetProperty("listener").GetProperty("id").GetString());
        Assert.Equal("sgp-1", sut.GetProperty("pool").GetProperty("id").GetString());
        var member = sut.GetProperty("member");
        Assert.Equal("mbr-sgp-1-1", member.GetProperty("id").GetString());
        Assert.Equal("web1", member.GetProperty("name").GetString());
        Assert.Equal("10.0.0.2", member.GetProperty("address").GetString());
        Assert.Equal(8080, member.GetProperty("port").GetInt32());
        Assert.Equal("Healthy", sut.GetProperty("old_state").GetString());
        Assert.Equal("Unhealthy", sut.GetProperty("new_state").GetString());
        Assert.Equal("HTTP_CODE_NOT_MATCH", sut.GetProperty("reason_code").GetString());
        Assert.Equal("L7STS", sut.GetProperty("check_code").GetString());
        Assert.Equal("The backend answered HTTP 500.", sut.GetProperty("detail").GetString());
        Assert.Equal("https://vitals.example.com/#/members/mbr-sgp-1-1", sut.GetProperty("console_url").GetString());
        Assert.Equal(JsonValueKind.Null, sut.GetProperty("flapping").ValueKind);
        Assert.Equal(JsonValueKind.Null, sut.GetProperty("group").ValueKind);
        Assert.Equal(JsonValueKind.Null, sut.GetProperty("panic").ValueKind);
    }

    [Fact]
    public void Write_Transition_CarriesTheDecidingChecks()
    {
        var sut = Parse(NotificationEvent.Transition(Transition())).GetProperty("deciding_checks");

        Assert.Equal(2, sut.GetArrayLength());
        var last = sut[1];
        Assert.Equal(Fleet.T0, last.GetProperty("at").GetDateTimeOffset());
        Assert.False(last.GetProperty("passed").GetBoolean());
        Assert.Equal("HTTP_CODE_NOT_MATCH", last.GetProperty("reason_code").GetString());
        Assert.Equal("L7STS", last.GetProperty("check_code").GetString());
        Assert.Equal(500, last.GetProperty("status_code").GetInt32());
        Assert.Equal(2.5, last.GetProperty("duration_ms").GetDouble());
        Assert.Equal("Internal Server Error", last.GetProperty("detail").GetString());
    }

    [Fact]
    public void FromEvidence_MoreThanFive_KeepsTheNewestFiveOldestFirst()
    {
        var evidence = Enumerable.Range(0, 8)
            .Select(i => ProbeResult.Fail(ReasonCode.ConnectFailed, CheckCode.L4Con, ProbeTimings.None, Fleet.T0.AddSeconds(i)))
            .ToArray();

        var sut = DecidingCheck.FromEvidence(evidence);

        Assert.Equal(DecidingCheck.MaxCount, sut.Length);
        Assert.Equal(Fleet.T0.AddSeconds(3), sut[0].At);
        Assert.Equal(Fleet.T0.AddSeconds(7), sut[^1].At);
        Assert.Null(sut[0].DurationMs);
    }

    [Fact]
    public void Of_TransitionNotMadeByChecks_HasNoCheckCode()
    {
        var transition = new HealthTransition(HealthState.Healthy, HealthState.Unused, Fleet.T0, TransitionCause.Weight, ReasonCode.None, []);

        var sut = Parse(NotificationEvent.Transition(MemberChange.Of(Fleet.Member(Fleet.Pool(), 1), transition, "Weight is 0.")));

        Assert.Equal(JsonValueKind.Null, sut.GetProperty("check_code").ValueKind);
        Assert.Equal(JsonValueKind.Null, sut.GetProperty("reason_code").ValueKind);
        Assert.Equal(0, sut.GetProperty("deciding_checks").GetArrayLength());
    }

    [Fact]
    public void Write_SameEventTwice_SameBytes()
    {
        var evt = NotificationEvent.Transition(Transition());

        Assert.Equal(NotificationJsonWriter.ToUtf8Bytes(evt, "https://x/"), NotificationJsonWriter.ToUtf8Bytes(evt, "https://x/"));
    }

    [Fact]
    public void Write_Test_HasNoPoolOrMemberAndLinksTheOverview()
    {
        var evt = NotificationEvent.Test("prj-1", "shop", Fleet.T0, "whk-1:1");

        var sut = Parse(evt, "https://vitals.example.com/");

        Assert.Equal(TopLevelKeys, sut.EnumerateObject().Select(p => p.Name));
        Assert.Equal("test", sut.GetProperty("type").GetString());
        foreach (var key in new[] { "load_balancer", "listener", "pool", "member", "old_state", "new_state", "reason_code", "check_code" })
        {
            Assert.Equal(JsonValueKind.Null, sut.GetProperty(key).ValueKind);
        }

        Assert.Equal("https://vitals.example.com/#/overview", sut.GetProperty("console_url").GetString());
        Assert.NotEqual(evt.Id, NotificationEvent.Test("prj-1", "shop", Fleet.T0, "whk-1:2").Id);
    }

    [Fact]
    public void Write_NoBaseUrl_LinkIsNull()
    {
        var sut = Parse(NotificationEvent.Transition(Transition()), null);

        Assert.Equal(JsonValueKind.Null, sut.GetProperty("console_url").ValueKind);
    }

    [Fact]
    public void Write_PanicStarted_CarriesThePanicAndLinksThePool()
    {
        var panic = new PoolPanic(50, 4, 1, 2, ["mbr-a"]);

        var sut = Parse(NotificationEvent.PanicStarted(Fleet.Pool(), panic, Fleet.T0));

        Assert.Equal("pool.panic_started", sut.GetProperty("type").GetString());
        Assert.Equal(panic.Reason, sut.GetProperty("detail").GetString());
        var p = sut.GetProperty("panic");
        Assert.Equal(50, p.GetProperty("min_healthy_percent").GetInt32());
        Assert.Equal(4, p.GetProperty("eligible").GetInt32());
        Assert.Equal(1, p.GetProperty("healthy").GetInt32());
        Assert.Equal(2, p.GetProperty("required").GetInt32());
        Assert.Equal("mbr-a", p.GetProperty("kept")[0].GetString());
        Assert.Equal(JsonValueKind.Null, sut.GetProperty("member").ValueKind);
        Assert.Equal("https://vitals.example.com/#/pools/sgp-1", sut.GetProperty("console_url").GetString());
    }

    [Fact]
    public void Write_PanicEnded_HasNoPanicObject()
    {
        var sut = Parse(NotificationEvent.PanicEnded(Fleet.Pool(), Fleet.T0));

        Assert.Equal("pool.panic_ended", sut.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, sut.GetProperty("panic").ValueKind);
    }

    [Fact]
    public void Write_Flapping_CarriesTheSummary()
    {
        var member = Fleet.Member(Fleet.Pool(), 1);
        var flap = new FlapSummary(HealthState.Healthy, HealthState.Unhealthy, 7, Fleet.T0, Fleet.T0.AddMinutes(3), HealthState.Healthy);

        var sut = Parse(NotificationEvent.FlappingStopped(member, flap, Fleet.T0.AddMinutes(10))).GetProperty("flapping");

        Assert.Equal(["Healthy", "Unhealthy"], sut.GetProperty("between").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(7, sut.GetProperty("flips").GetInt32());
        Assert.Equal(Fleet.T0, sut.GetProperty("first_at").GetDateTimeOffset());
        Assert.Equal(Fleet.T0.AddMinutes(3), sut.GetProperty("last_at").GetDateTimeOffset());
        Assert.Equal("Healthy", sut.GetProperty("final_state").GetString());
    }

    [Fact]
    public void Write_Grouped_ListsTheMembersAndTotals()
    {
        var pool = Fleet.Pool();
        var changes = new[]
        {
            new GroupedChange(Fleet.Member(pool, 2), HealthState.Healthy, HealthState.Unhealthy, ReasonCode.ConnectTimeout, Fleet.T0.AddSeconds(1), 1),
            new GroupedChange(Fleet.Member(pool, 3), HealthState.Healthy, HealthState.Healthy, ReasonCode.ConnectFailed, Fleet.T0.AddSeconds(2), 2),
        };
        var group = new GroupSummary(Fleet.T0, Fleet.T0.AddSeconds(5), changes, 3, 4);

        var sut = Parse(NotificationEvent.Grouped(pool, group));

        Assert.Equal("pool.grouped", sut.GetProperty("type").GetString());
        Assert.Equal(Fleet.T0.AddSeconds(5), sut.GetProperty("time").GetDateTimeOffset());
        var g = sut.GetProperty("group");
        Assert.Equal(3, g.GetProperty("members_total").GetInt32());
        Assert.Equal(4, g.GetProperty("changes_total").GetInt32());
        Assert.True(g.GetProperty("truncated").GetBoolean());
        var second = g.GetProperty("members")[1];
        Assert.Equal("mbr-sgp-1-3", second.GetProperty("id").GetString());
        Assert.Equal("Healthy", second.GetProperty("old_state").GetString());
        Assert.Equal("Healthy", second.GetProperty("new_state").GetString());
        Assert.Equal("CONNECT_FAILED", second.GetProperty("reason_code").GetString());
        Assert.Equal(2, second.GetProperty("changes").GetInt32());
    }

    [Fact]
    public void Write_DetailWithQuotesAndNonAscii_IsValidJsonThatRoundTrips()
    {
        var change = Transition() with { Detail = "\"quoted\" <b>ünïcode</b>\n\u0001" };

        var sut = Parse(NotificationEvent.Transition(change));

        Assert.Equal("\"quoted\" <b>ünïcode</b>\n\u0001", sut.GetProperty("detail").GetString());
        Assert.DoesNotContain("<b>", Encoding.UTF8.GetString(NotificationJsonWriter.ToUtf8Bytes(NotificationEvent.Transition(change), null)),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Kinds_WireNames_RoundTrip()
    {
        foreach (var kind in NotificationKinds.All)
        {
            Assert.True(NotificationKinds.TryParse(kind.ToWire(), out var parsed));
            Assert.Equal(kind, parsed);
        }

        Assert.False(NotificationKinds.TryParse("MEMBER.TRANSITION", out _));
        Assert.False(NotificationKinds.TryParse(null, out _));
        Assert.Equal(7, NotificationKinds.All.Count);
    }
}
