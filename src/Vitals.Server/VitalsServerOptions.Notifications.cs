using System.ComponentModel.DataAnnotations;
using Vitals.Control.Notifications;

namespace Vitals.Server;

public sealed partial class VitalsServerOptions
{
    /// <summary>
    /// The URL people reach this server's console at (<c>https://vitals.example.com/</c>), for the links notifications
    /// and alerts carry; empty: none.
    /// </summary>
    /// <value>empty</value>
    public string? PublicUrl { get; set; }

    /// <summary>How long a pool's further changes are gathered into one grouped notification after its first one.</summary>
    /// <value>5 seconds</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan NotifyGroupWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a webhook delivery is retried before it is dead.</summary>
    /// <value>24 hours</value>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan WebhookRetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The first wait after a failed webhook delivery; it doubles (with jitter) up to 10 minutes.</summary>
    /// <value>1 second</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan WebhookRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The public URL, parsed: null when empty or not an absolute http(s) URL (the validator reports it).</summary>
    internal Uri? PublicUri() =>
        Uri.TryCreate(PublicUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;

    internal NotificationOptions Notifications() => new()
    {
        PublicUrl = PublicUri(),
        GroupWindow = NotifyGroupWindow,
        RetryFor = WebhookRetryFor,
        MinRetryDelay = WebhookRetryDelay,
    };
}
