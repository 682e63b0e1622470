using System.ComponentModel.DataAnnotations;

namespace Vitals.Control.Notifications;

/// <summary>How events are grouped, linked and delivered (docs/notifications.md); every server option has a default.</summary>
public sealed class NotificationOptions
{
    /// <summary>The server's public URL, for the console links events and alerts carry; null: no link.</summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>How long a pool's further changes are gathered into one <c>pool.grouped</c> event after its first one.</summary>
    /// <value>5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan GroupWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a delivery is retried before it is dead.</summary>
    /// <value>24 hours.</value>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The first wait after a failed attempt; it doubles with every attempt (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    /// <value>1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MinRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts.</summary>
    /// <value>10 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "06:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Deadline of one POST, connect included.</summary>
    /// <value>10 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long delivered and dead deliveries are kept for <c>GET /api/v1/webhooks/{id}/deliveries</c>.</summary>
    /// <value>7 days.</value>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Webhooks sent to at once (each one's deliveries still go one at a time, in order).</summary>
    /// <value>16.</value>
    [Range(1, 1024)]
    public int Parallelism { get; set; } = 16;
}
