namespace Vitals.Storage;

/// <summary>Where one delivery of an event to a webhook stands (stored as the member name).</summary>
public enum DeliveryStatus
{
    /// <summary>Not yet accepted by the receiver: sent when it is due and the deliveries before it are done.</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Given up once the retry bound was over (or the webhook could not be sent to at all); redeliverable.</summary>
    Dead,
}
