namespace Vitals.Storage;

/// <summary>One event for one webhook: a row of the outbox, with what its attempts found.</summary>
/// <param name="Id">The outbox's numeric id: a webhook's deliveries are sent in this order.</param>
/// <param name="WebhookId">The webhook.</param>
/// <param name="ProjectId">Its project.</param>
/// <param name="EventId">The event's stable id (the receivers' de-duplication key); a redelivery repeats it.</param>
/// <param name="Kind">The event's wire kind (<c>member.transition</c>, ...).</param>
/// <param name="EventAt">When the event happened.</param>
/// <param name="Payload">The JSON body.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Attempts">How many times it was sent.</param>
/// <param name="CreatedAt">When it entered the outbox.</param>
/// <param name="NextAttemptAt">When a pending delivery is tried next.</param>
/// <param name="LastAttemptAt">When it was last sent.</param>
/// <param name="LastStatusCode">The receiver's HTTP status at the last attempt; null when none answered.</param>
/// <param name="LastError">Why the last attempt failed; null after a success.</param>
/// <param name="LastDurationMs">How long the last attempt took.</param>
/// <param name="DeliveredAt">When the receiver accepted it.</param>
/// <param name="RedeliveryOf">The delivery this one repeats, when it was asked for again.</param>
public sealed record WebhookDelivery(
    long Id,
    string WebhookId,
    string ProjectId,
    string EventId,
    string Kind,
    DateTimeOffset EventAt,
    string Payload,
    DeliveryStatus Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    int? LastStatusCode,
    string? LastError,
    int? LastDurationMs,
    DateTimeOffset? DeliveredAt,
    long? RedeliveryOf)
{
    /// <summary>From the event to the receiver's acceptance; null until delivered.</summary>
    public TimeSpan? Latency => DeliveredAt - EventAt;
}
