namespace Vitals.Storage;

/// <summary>What one attempt at a delivery found, to record (<see cref="IStore.RecordDeliveryAttemptsAsync"/>).</summary>
/// <param name="DeliveryId">The delivery.</param>
/// <param name="At">When it was sent.</param>
/// <param name="Status">Where the delivery stands after it: Delivered, Pending again (retry at <paramref name="NextAttemptAt"/>) or Dead.</param>
/// <param name="StatusCode">The receiver's HTTP status; null when none answered.</param>
/// <param name="Error">Why it failed; null on success.</param>
/// <param name="DurationMs">How long it took.</param>
/// <param name="NextAttemptAt">For a retry: when.</param>
public readonly record struct DeliveryAttempt(
    long DeliveryId,
    DateTimeOffset At,
    DeliveryStatus Status,
    int? StatusCode,
    string? Error,
    int DurationMs,
    DateTimeOffset NextAttemptAt);
