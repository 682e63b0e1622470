using System.ComponentModel.DataAnnotations;

namespace Vitals.Core.Notifications;

/// <summary>How <see cref="NotificationPlanner"/> groups a pool's changes.</summary>
public sealed record NotificationPlannerOptions
{
    public static NotificationPlannerOptions Default { get; } = new();

    /// <summary>
    /// The grouping window: after a pool's first change goes out, its further changes within this time are sent as one
    /// <c>pool.grouped</c> event when the window ends (Alertmanager's <c>group_interval</c>).
    /// </summary>
    /// <value>5 seconds (100 ms to 10 minutes)</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan GroupWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Most members listed in one grouped event; the rest are counted in <c>members_total</c>.</summary>
    /// <value>500 (1 to 10,000)</value>
    [Range(1, 10_000)]
    public int MaxGroupedMembers { get; init; } = 500;

    /// <summary>Throws when <paramref name="options"/> cannot work (checked at construction, not at the first change).</summary>
    public static void Validate(NotificationPlannerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.GroupWindow < TimeSpan.FromMilliseconds(100) || options.GroupWindow > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.GroupWindow, "GroupWindow must be between 100 ms and 10 minutes");
        }

        if (options.MaxGroupedMembers is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxGroupedMembers, "MaxGroupedMembers must be between 1 and 10,000");
        }
    }
}
