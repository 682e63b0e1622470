using System.Text.Json.Serialization;
using Vitals.Control.Fleet;
using Vitals.Core.Notifications;
using Vitals.Core.Resources;

namespace Vitals.Server.Api;

/// <summary>
/// A webhook as the API shows it. <c>secret</c> appears only in the answers that make one (create, rotate-secret); every
/// other answer shows <c>secret_hint</c> (<c>whsec_…last4</c>) so people can tell which secret a receiver holds.
/// </summary>
public sealed record WebhookDto(string Id, long NumericId, string ProjectId, string Name, string Description, string Url,
    IReadOnlyList<string> Events, IReadOnlyList<string> States, bool AdminStateUp, string SecretHint,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret,
    DateTimeOffset? PreviousSecretExpiresAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] WebhookDeliveryDto? Delivery) : IResourceDto
{
    public static WebhookDto From(WebhookView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var w = view.Webhook;
        var events = new string[w.Events.Count];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = w.Events[i].ToWire();
        }

        var states = new string[w.States.Count];
        for (var i = 0; i < states.Length; i++)
        {
            states[i] = w.States[i].ToString();
        }

        // The previous secret's expiry only while one is kept: after it, the webhook signs with one secret again.
        return new(w.Id, w.NumericId, w.ProjectId, w.Name, w.Description, w.Url, events, states, w.AdminStateUp, WebhookRules.Hint(w.Secret),
            view.RevealedSecret, w.PreviousSecret is null ? null : w.PreviousSecretExpiresAt, w.CreatedAt, w.UpdatedAt,
            view.Delivery is { } d ? WebhookDeliveryDto.Of(d) : null);
    }
}

/// <summary>
/// Where a webhook's outbox stands: <c>state</c> is <c>failing</c> when its first pending delivery failed and waits for
/// its retry (the others wait behind it), <c>pending</c> while deliveries wait to be sent, else <c>ok</c>.
/// </summary>
public sealed record WebhookDeliveryDto(string State, int Pending, DateTimeOffset? OldestPendingAt, int Attempts, string? LastError,
    DateTimeOffset? NextAttemptAt, int Dead, DateTimeOffset? LastDeliveredAt)
{
    public static WebhookDeliveryDto Of(Storage.DeliverySummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new(summary.State, summary.Pending, summary.OldestPendingAt, summary.HeadAttempts, summary.HeadLastError, summary.HeadNextAttemptAt,
            summary.Dead, summary.LastDeliveredAt);
    }
}

/// <summary>A page of webhooks.</summary>
public sealed record WebhookListDto(IReadOnlyList<WebhookDto> Webhooks, string? NextMarker, int TotalCount);

/// <summary>An Alertmanager of the project as the API shows it.</summary>
public sealed record AlertmanagerDto(string Id, long NumericId, string ProjectId, string Name, string Description, string Url, bool AdminStateUp,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : IResourceDto
{
    public static AlertmanagerDto From(AlertmanagerTarget a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.Id, a.NumericId, a.ProjectId, a.Name, a.Description, a.Url, a.AdminStateUp, a.CreatedAt, a.UpdatedAt);
    }
}

/// <summary>A page of Alertmanagers.</summary>
public sealed record AlertmanagerListDto(IReadOnlyList<AlertmanagerDto> Alertmanagers, string? NextMarker, int TotalCount);
