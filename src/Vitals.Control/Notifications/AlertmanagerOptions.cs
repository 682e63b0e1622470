using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Vitals.Control.Notifications;

/// <summary>
/// The server-wide Alertmanager push (<c>vitals serve --alertmanager</c>): where, how often every firing alert is sent
/// again, and how long one POST may take. Per-project targets (the webhooks resource) can reuse the same pusher shape.
/// </summary>
internal sealed class AlertmanagerOptions
{
    /// <summary>The Alertmanager base URLs (every one gets every alert: an HA pair de-duplicates them itself).</summary>
    [Required]
    [MinLength(1)]
    public IReadOnlyList<Uri> Urls { get; set; } = [];

    /// <summary>
    /// How often every firing alert is sent again; well under Alertmanager's <c>resolve_timeout</c> (5 minutes by
    /// default), after which it would resolve an alert nobody re-sent.
    /// </summary>
    /// <value>30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:04:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deadline of one POST (connect included).</summary>
    /// <value>10 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts of one POST before the batch waits for the next round.</summary>
    /// <value>3.</value>
    [Range(1, 10)]
    public int Attempts { get; set; } = 3;

    /// <summary>Alerts in one POST; more are sent in several.</summary>
    /// <value>1,000.</value>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>The server's public URL, for the <c>console</c> annotation and <c>generatorURL</c>; null: both omitted.</summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>The project whose alerts are pushed (a project's own Alertmanager); null: every project (the server-wide push).</summary>
    public string? ProjectId { get; set; }

    /// <summary>Throws one exception listing every value out of range.</summary>
    public static void Validate(AlertmanagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new AlertmanagerOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(AlertmanagerOptions), result.Failures);
        }
    }
}
