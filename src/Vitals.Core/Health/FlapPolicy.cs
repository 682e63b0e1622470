using System.ComponentModel.DataAnnotations;

namespace Vitals.Core.Health;

/// <summary>
/// When a member counts as flapping: at least <see cref="Changes"/> state changes within <see cref="Window"/>.
/// The mark clears once the changes within the window fall to <see cref="SettleChanges"/> or fewer, so it does not
/// blink on and off at the boundary (hysteresis, as Nagios does with its high and low flap thresholds).
/// </summary>
public sealed record FlapPolicy
{
    public static FlapPolicy Default { get; } = new();

    /// <summary>State changes within the window that make a member flapping.</summary>
    /// <value>5 (2 to 1000)</value>
    [Range(2, 1000)]
    public int Changes { get; init; } = 5;

    /// <summary>The sliding window over which changes are counted.</summary>
    /// <value>10 minutes (1 s to 1 day)</value>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>At or below this many changes within the window, a flapping member has settled.</summary>
    /// <value>1 (0 to 999, and below <see cref="Changes"/>)</value>
    [Range(0, 999)]
    public int SettleChanges { get; init; } = 1;
}
