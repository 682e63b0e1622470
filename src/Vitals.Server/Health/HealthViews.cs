using Vitals.Core.Health;
using Vitals.Core.Probing;
using Vitals.Core.Resources;
using Vitals.Storage;

namespace Vitals.Server.Health;

/// <summary>Maps engine and store values to the wire shapes of the live-status API.</summary>
internal static class HealthViews
{
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

    /// <summary>The failure reason of a result; null when it passed or there is none.</summary>
    public static ReasonCode? FailureOf(ProbeResult? result) =>
        result is { IsSuccess: false } failed && failed.Reason != ReasonCode.None ? failed.Reason : null;

    public static MemberHealthDto Unchecked(Member member, DateTimeOffset since, MemberHealth? saved, string reason) => new(
        member.Id, member.PoolId, nameof(HealthState.Unavailable), null, reason, null, null, null, null, null, null,
        saved?.Last?.CheckedAt, since, Flapping: false, Restored: false, 0, 0, Target(member));

    public static string Target(Member member) =>
        member.Address.Contains(':', StringComparison.Ordinal) ? $"[{member.Address}]:{member.ProtocolPort}" : $"{member.Address}:{member.ProtocolPort}";
}
