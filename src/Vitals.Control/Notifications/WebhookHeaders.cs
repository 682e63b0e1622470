namespace Vitals.Control.Notifications;

/// <summary>The headers of a webhook POST besides <c>Vitals-Signature</c> (docs/notifications.md).</summary>
public static class WebhookHeaders
{
    /// <summary>The event's stable id: the de-duplication key (also in the body as <c>id</c>).</summary>
    public const string EventId = "Vitals-Event-Id";

    /// <summary>The event's kind (also in the body as <c>type</c>).</summary>
    public const string EventType = "Vitals-Event-Type";

    /// <summary>The delivery's id, as <c>GET /api/v1/webhooks/{id}/deliveries</c> lists it; a redelivery has its own.</summary>
    public const string Delivery = "Vitals-Delivery";

    public const string UserAgent = "Vitals-Webhooks/1";
}
