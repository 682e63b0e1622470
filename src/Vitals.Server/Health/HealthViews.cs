using Vitals.Control.Health;
using Vitals.Control.Traffic;
using Vitals.Core.Health;
using Vitals.Core.Probing;
using Vitals.Core.Resources;
using Vitals.Server.Traffic;

namespace Vitals.Server.Health;

/// <summary>Maps the typed live-health values and stored transitions to the wire shapes of the live-status API.</summary>
internal static class HealthViews
{
    private static readonly HealthState[] States = Enum.GetValues<HealthState>();
    private static readonly string[] StateNames = Array.ConvertAll(States, state => state.ToString());

    public static TimingsDto Timings(ProbeTimings t) => new(t.ConnectMs, t.TlsMs, t.FirstByteMs, t.TotalMs);

    public static ResultDto Result(in ProbeResult r) => new(
        r.IsSuccess ? "pass" : "fail",
        r.Reason.ToWire(),
        HealthReasons.Of(r),
        r.CheckCode.ToWire(),
        r.CheckStatus,
        r.StatusCode,
        Timings(r.Timings),
        r.CheckedAt,
        r.Content);

    public static TransitionDto Transition(HealthTransition t)
    {
        var evidence = new ResultDto[t.Evidence.Count];
        for (var i = 0; i < evidence.Length; i++)
        {
            evidence[i] = Result(t.Evidence[i]);
        }

        return new TransitionDto(t.From.ToString(), t.To.ToString(), t.At, t.Cause.ToString(), t.Reason.ToWire(), HealthReasons.Of(t),
            evidence);
    }

    /// <summary>The data of an SSE <c>transition</c> event.</summary>
    /// <param name="member">The member that changed.</param>
    /// <param name="t">The change.</param>
    /// <param name="unavailable">For a change to Unavailable: which switch caused it, when known.</param>
    public static TransitionEventDto TransitionEvent(Member member, HealthTransition t, string? unavailable)
    {
        var last = t.Evidence.Count > 0 ? t.Evidence[^1] : (ProbeResult?)null;
        return new TransitionEventDto(member.Id, member.PoolId, t.From.ToString(), t.To.ToString(), t.At, t.Cause.ToString(),
            t.Reason.ToWire(), HealthReasons.Of(t, unavailable), last?.CheckCode.ToWire());
    }

    /// <summary><c>GET /api/v1/members/{id}/health</c>.</summary>
    public static MemberHealthDto Member(MemberLiveHealth live)
    {
        var last = live.Last;
        var failure = live.Failure;
        return new MemberHealthDto(
            live.Member.Id,
            live.Member.PoolId,
            live.State.ToString(),
            failure?.ToWire(),
            live.Reason,
            failure?.ToNlb(),
            last?.CheckCode.ToWire(),
            last?.CheckStatus,
            last?.StatusCode,
            last?.Content,
            last is { } r ? Timings(r.Timings) : null,
            live.LastCheckedAt,
            live.Since,
            live.Flapping,
            live.Restored,
            live.ConsecutivePasses,
            live.ConsecutiveFailures,
            live.Target);
    }

    public static PoolHealthDto Pool(PoolLiveHealth live, PoolRotation? rotation)
    {
        var nonHealthy = new NonHealthyMemberDto[live.NonHealthy.Count];
        for (var i = 0; i < nonHealthy.Length; i++)
        {
            var m = live.NonHealthy[i];
            var failure = m.Failure;
            nonHealthy[i] = new NonHealthyMemberDto(m.Member.Id, m.Member.Address, m.Member.ProtocolPort, m.Member.InstanceId, m.State.ToString(),
                failure?.ToWire(), m.Reason, failure?.ToNlb(), m.Since);
        }

        return new PoolHealthDto(live.Pool.Id, live.HealthCheckEnabled, ByState(live.Counts), live.Counts.Total, live.Counts.NonHealthy, nonHealthy,
            rotation?.InRotation ?? 0, PanicDto.Of(rotation?.Panic));
    }

    public static PoolMemberHealthDto[] PoolMembers(IReadOnlyList<MemberLiveHealth> members)
    {
        var rows = new PoolMemberHealthDto[members.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var live = members[i];
            var member = live.Member;
            var last = live.Last;
            var failure = live.Failure;
            rows[i] = new PoolMemberHealthDto(member.Id, member.Name, member.Address, member.ProtocolPort, member.Weight, member.AdminStateUp,
                member.InstanceId, live.State.ToString(), failure?.ToWire(), live.Reason, failure?.ToNlb(), last?.CheckCode.ToWire(),
                last?.CheckStatus, last?.StatusCode, live.Since, last?.CheckedAt, last?.Timings.TotalMs, live.Flapping, live.Restored);
        }

        return rows;
    }

    /// <summary>Counts per state, all five named.</summary>
    public static Dictionary<string, int> ByState(HealthCounts counts)
    {
        var byState = new Dictionary<string, int>(States.Length, StringComparer.Ordinal);
        for (var i = 0; i < States.Length; i++)
        {
            byState[StateNames[i]] = counts[States[i]];
        }

        return byState;
    }
}
