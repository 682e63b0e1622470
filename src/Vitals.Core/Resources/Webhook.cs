using Vitals.Core.Health;
using Vitals.Core.Notifications;

namespace Vitals.Core.Resources;

/// <summary>
/// A receiver of a project's notifications: every event it asks for is POSTed to <see cref="Url"/> as one signed JSON
/// body (docs/notifications.md). Created with its URL alone, it receives every event.
/// </summary>
public sealed record Webhook : Resource
{
    /// <summary>An absolute http or https URL; its addresses are checked against the target policy at every connect.</summary>
    public required string Url { get; init; }

    public string Description { get; init; } = "";

    /// <summary>The kinds it receives; empty: every kind.</summary>
    public IReadOnlyList<NotificationKind> Events { get; init; } = [];

    /// <summary>
    /// For <see cref="NotificationKind.MemberTransition"/> and <see cref="NotificationKind.PoolGrouped"/>: only changes
    /// to these states; empty: every state.
    /// </summary>
    public IReadOnlyList<HealthState> States { get; init; } = [];

    /// <summary>False: the webhook is kept but receives nothing (events are not queued for it).</summary>
    public bool AdminStateUp { get; init; } = true;

    /// <summary>The signing secret (<c>whsec_…</c>, <see cref="WebhookSecrets"/>); in clear here, sealed at rest.</summary>
    public string Secret { get; init; } = "";

    /// <summary>The secret before the last rotation, which still signs (beside the new one) until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousSecret { get; init; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; init; }

    /// <summary>Whether <paramref name="evt"/> is for this webhook (enabled, kind and state filters); a test event always is.</summary>
    public bool Wants(NotificationEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        if (evt.Kind == NotificationKind.Test)
        {
            return true;
        }

        if (!AdminStateUp || (Events.Count > 0 && !Events.Contains(evt.Kind)))
        {
            return false;
        }

        if (States.Count == 0)
        {
            return true;
        }

        return evt.Kind switch
        {
            NotificationKind.MemberTransition => States.Contains(evt.Change!.To),
            NotificationKind.PoolGrouped => evt.Group!.Members.Any(m => States.Contains(m.To)),
            _ => true,
        };
    }

    /// <summary>The secrets that sign a delivery sent at <paramref name="now"/>: the current one, then the previous one while it lasts.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is { Length: > 0 } previous && PreviousSecretExpiresAt is { } until && now < until
            ? [Secret, previous]
            : [Secret];
}
