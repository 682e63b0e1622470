using System.ComponentModel.DataAnnotations;

namespace Vitals.Core.Health;

/// <summary>How much a <see cref="MemberTracker"/> remembers.</summary>
public sealed record MemberTrackerOptions
{
    public static MemberTrackerOptions Default { get; } = new();

    /// <summary>Results kept per member for history and diagnosis.</summary>
    /// <value>10 (1 to 1000)</value>
    [Range(1, 1000)]
    public int HistoryLength { get; init; } = 10;

    /// <summary>When a member counts as flapping.</summary>
    public FlapPolicy Flap { get; init; } = FlapPolicy.Default;
}
