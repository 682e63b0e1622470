using System.Text.Json.Nodes;

namespace Vitals.Diagnostics;

/// <summary>One conclusion of a diagnosis: the cause, what was run to find it, what was seen, and what to try.</summary>
public sealed record Finding
{
    /// <summary>A stable code from <see cref="Causes"/>, e.g. <c>FIREWALL_DROP</c>.</summary>
    public required string Cause { get; init; }

    public required FindingVerdict Verdict { get; init; }

    /// <summary>What was run, for people: <c>3 TCP connects to 10.0.0.5:80</c>.</summary>
    public required string Check { get; init; }

    /// <summary>What was seen: samples, outcomes, statuses, timings (milliseconds).</summary>
    public required JsonObject Evidence { get; init; }

    /// <summary>The fix to try, with the values of this case filled in.</summary>
    public required string Advice { get; init; }

    /// <summary>The Alibaba NLB reason code a load balancer would report for this cause; null when none applies.</summary>
    public string? NlbReasonCode { get; init; }

    /// <summary>The HAProxy check code (<c>L4TOUT</c>) for this cause; null when none applies.</summary>
    public string? CheckCode { get; init; }
}
