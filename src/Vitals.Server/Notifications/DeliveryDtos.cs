using System.Text.Json;
using Vitals.Storage;

namespace Vitals.Server.Notifications;

/// <summary>One delivery of an event to a webhook, as <c>GET /api/v1/webhooks/{id}/deliveries</c> shows it.</summary>
/// <param name="Id">The delivery's id (the <c>Vitals-Delivery</c> header of its POSTs).</param>
/// <param name="WebhookId">The webhook.</param>
/// <param name="EventId">The event's stable id (<c>Vitals-Event-Id</c>); a redelivery repeats it.</param>
/// <param name="Type">The event's kind.</param>
/// <param name="EventAt">When the event happened.</param>
/// <param name="Status"><c>pending</c>, <c>delivered</c> or <c>dead</c>.</param>
/// <param name="Attempts">How many times it was sent.</param>
/// <param name="CreatedAt">When it entered the outbox.</param>
/// <param name="NextAttemptAt">For a pending delivery: when it is tried next (after the deliveries before it).</param>
/// <param name="LastAttemptAt">When it was last sent.</param>
/// <param name="LastStatusCode">The receiver's HTTP status at the last attempt.</param>
/// <param name="LastError">Why the last attempt failed.</param>
/// <param name="LastDurationMs">How long the last attempt took.</param>
/// <param name="DeliveredAt">When the receiver accepted it.</param>
/// <param name="LatencyMs">From the event to its acceptance.</param>
/// <param name="RedeliveryOf">The delivery this one repeats.</param>
/// <param name="Payload">The body sent (only when one delivery is read).</param>
public sealed record DeliveryDto(
    long Id,
    string WebhookId,
    string EventId,
    string Type,
    DateTimeOffset EventAt,
    string Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    int? LastStatusCode,
    string? LastError,
    int? LastDurationMs,
    DateTimeOffset? DeliveredAt,
    double? LatencyMs,
    long? RedeliveryOf,
    JsonElement? Payload)
{
    public static DeliveryDto Of(WebhookDelivery delivery, bool withPayload)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return new DeliveryDto(delivery.Id, delivery.WebhookId, delivery.EventId, delivery.Kind, delivery.EventAt,
            DeliveryStatuses.ToWire(delivery.Status), delivery.Attempts, delivery.CreatedAt,
            delivery.Status == DeliveryStatus.Pending ? delivery.NextAttemptAt : null, delivery.LastAttemptAt, delivery.LastStatusCode,
            delivery.LastError, delivery.LastDurationMs, delivery.DeliveredAt, delivery.Latency?.TotalMilliseconds, delivery.RedeliveryOf,
            withPayload ? JsonDocument.Parse(delivery.Payload).RootElement.Clone() : null);
    }
}

/// <summary>A page of a webhook's deliveries, newest first.</summary>
public sealed record DeliveryListDto(IReadOnlyList<DeliveryDto> Deliveries, string? NextMarker, int TotalCount);

/// <summary>The wire names of <see cref="DeliveryStatus"/>.</summary>
public static class DeliveryStatuses
{
    public static string ToWire(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Pending => "pending",
        DeliveryStatus.Delivered => "delivered",
        DeliveryStatus.Dead => "dead",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParse(string? text, out DeliveryStatus status)
    {
        foreach (var candidate in Enum.GetValues<DeliveryStatus>())
        {
            if (string.Equals(ToWire(candidate), text, StringComparison.Ordinal))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }
}
