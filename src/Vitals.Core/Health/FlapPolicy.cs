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
    /// <value>5</value>
    public int Changes { get; init; } = 5;

    /// <summary>The sliding window over which changes are counted.</summary>
    /// <value>10 minutes</value>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>At or below this many changes within the window, a flapping member has settled.</summary>
    /// <value>1</value>
    public int SettleChanges { get; init; } = 1;
}
