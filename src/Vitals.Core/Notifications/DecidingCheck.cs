using Vitals.Core.Probing;

namespace Vitals.Core.Notifications;

/// <summary>One of the checks that decided a transition, as a notification carries it (no answer content: a payload stays small).</summary>
/// <param name="At">When the check started.</param>
/// <param name="Passed">Whether it passed.</param>
/// <param name="Reason">Why it failed; <see cref="ReasonCode.None"/> when it passed.</param>
/// <param name="CheckCode">HAProxy's check code.</param>
/// <param name="StatusCode">The HTTP or gRPC status, when one was read.</param>
/// <param name="DurationMs">How long the check took, in milliseconds; null when not measured.</param>
/// <param name="Detail">A short detail ("Connection refused", the HTTP reason phrase); null when none.</param>
public readonly record struct DecidingCheck(
    DateTimeOffset At,
    bool Passed,
    ReasonCode Reason,
    CheckCode CheckCode,
    int? StatusCode,
    double? DurationMs,
    string? Detail)
{
    /// <summary>Most deciding checks a notification carries: the newest ones.</summary>
    public const int MaxCount = 5;

    public static DecidingCheck From(in ProbeResult result) => new(
        result.CheckedAt,
        result.IsSuccess,
        result.Reason,
        result.CheckCode,
        result.StatusCode,
        result.Timings.TotalMs,
        result.Detail);

    /// <summary>The newest <see cref="MaxCount"/> of <paramref name="evidence"/> (oldest first, as a transition holds them).</summary>
    public static DecidingCheck[] FromEvidence(IReadOnlyList<ProbeResult> evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var count = Math.Min(evidence.Count, MaxCount);
        if (count == 0)
        {
            return [];
        }

        var checks = new DecidingCheck[count];
        var start = evidence.Count - count;
        for (var i = 0; i < count; i++)
        {
            checks[i] = From(evidence[start + i]);
        }

        return checks;
    }
}
