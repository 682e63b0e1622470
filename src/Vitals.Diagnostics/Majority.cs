using Vitals.Core.Probing;
using Vitals.Diagnostics.Sampling;

namespace Vitals.Diagnostics;

/// <summary>The verdict of a few samples is their majority; on a tie the failure wins (it is what needs explaining).</summary>
internal static class Majority
{
    public static TcpOutcome? Of(IReadOnlyList<TcpSample> samples)
    {
        TcpOutcome? best = null;
        var bestCount = 0;
        foreach (var candidate in Enum.GetValues<TcpOutcome>())
        {
            var count = 0;
            foreach (var sample in samples)
            {
                count += sample.Outcome == candidate ? 1 : 0;
            }

            // Enum order puts the open outcomes first, so a later (failing) outcome with an equal count wins the tie.
            if (count > 0 && count >= bestCount)
            {
                best = candidate;
                bestCount = count;
            }
        }

        return best;
    }

    /// <summary>The most common failure reason among <paramref name="results"/>, or null when most passed.</summary>
    public static ReasonCode? FailureReason(IReadOnlyList<ProbeResult> results)
    {
        if (results.Count == 0)
        {
            return null;
        }

        var failures = 0;
        ReasonCode? best = null;
        var bestCount = 0;
        foreach (var reason in Enum.GetValues<ReasonCode>())
        {
            if (reason == ReasonCode.None)
            {
                continue;
            }

            var count = 0;
            foreach (var result in results)
            {
                count += result.Reason == reason ? 1 : 0;
            }

            failures += count;
            if (count > bestCount)
            {
                best = reason;
                bestCount = count;
            }
        }

        // Failures win ties with passes: 1 of 2 failing is worth explaining.
        return failures * 2 >= results.Count ? best : null;
    }

    /// <summary>The most common HTTP status among failed results with <paramref name="reason"/>.</summary>
    public static int? Status(IReadOnlyList<ProbeResult> results, ReasonCode reason)
    {
        int? best = null;
        var bestCount = 0;
        foreach (var result in results)
        {
            if (result.Reason != reason || result.StatusCode is not { } status)
            {
                continue;
            }

            var count = 0;
            foreach (var other in results)
            {
                count += other.Reason == reason && other.StatusCode == status ? 1 : 0;
            }

            if (count > bestCount)
            {
                best = status;
                bestCount = count;
            }
        }

        return best;
    }

    /// <summary>The first result with <paramref name="reason"/>, for its detail and codes.</summary>
    public static ProbeResult First(IReadOnlyList<ProbeResult> results, ReasonCode reason)
    {
        foreach (var result in results)
        {
            if (result.Reason == reason)
            {
                return result;
            }
        }

        return results[0];
    }
}
