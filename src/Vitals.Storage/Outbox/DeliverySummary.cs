namespace Vitals.Storage;

/// <summary>Where a webhook's outbox stands (<see cref="IStore.SummarizeDeliveriesAsync"/>).</summary>
/// <param name="Pending">Deliveries not yet accepted.</param>
/// <param name="OldestPendingAt">When the oldest of them entered the outbox.</param>
/// <param name="HeadAttempts">Attempts of the first pending delivery, which the others wait for: above 0, the webhook is failing.</param>
/// <param name="HeadLastError">Why its last attempt failed.</param>
/// <param name="HeadNextAttemptAt">When it is tried next.</param>
/// <param name="Dead">Deliveries given up (still listed until pruned).</param>
/// <param name="LastDeliveredAt">When the receiver last accepted one.</param>
public sealed record DeliverySummary(int Pending, DateTimeOffset? OldestPendingAt, int HeadAttempts, string? HeadLastError,
    DateTimeOffset? HeadNextAttemptAt, int Dead, DateTimeOffset? LastDeliveredAt)
{
    public static DeliverySummary Empty { get; } = new(0, null, 0, null, null, 0, null);

    /// <summary><c>failing</c> (the first pending delivery failed and waits for its retry), <c>pending</c>, or <c>ok</c>.</summary>
    public string State => HeadAttempts > 0 ? "failing" : Pending > 0 ? "pending" : "ok";
}
