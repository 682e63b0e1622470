using System.Collections.Frozen;
using Vitals.Core.Resources;

namespace Vitals.Control.Fleet;

/// <summary>A webhook as sent. <c>secret</c> is accepted at creation only (a rotation changes it afterwards).</summary>
public sealed record WebhookInput : FleetInput, IFleetInput
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public string? Url { get; init; }

    /// <summary>Wire names of the kinds it receives (<c>member.transition</c>, …); empty: every kind. Replaces the list when sent.</summary>
    public IReadOnlyList<string>? Events { get; init; }

    /// <summary>Member states (<c>Unhealthy</c>, …) a transition must reach to be sent; empty: every state.</summary>
    public IReadOnlyList<string>? States { get; init; }

    public bool? AdminStateUp { get; init; }

    /// <summary>The signing secret to use; absent: one is generated. Answered once, by the creation.</summary>
    public string? Secret { get; init; }

    public static FrozenSet<string> NullableFields { get; } = FrozenSet<string>.Empty;

    public static string Kind => "webhook";
}
