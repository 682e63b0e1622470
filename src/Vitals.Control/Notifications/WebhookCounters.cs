namespace Vitals.Control.Notifications;

/// <summary>What this node's dispatcher did for one webhook since start (<c>vitals_webhook_*</c> on /metrics).</summary>
internal sealed class WebhookCounters(string projectId, string webhookId)
{
    private long _delivered;
    private long _failed;
    private long _dead;
    private int _failing;
    private long _latencyMicros;

    public string ProjectId { get; } = projectId;

    public string WebhookId { get; } = webhookId;

    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Attempts that failed (each retry counted).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public long Dead => Interlocked.Read(ref _dead);

    /// <summary>Whether its last attempt failed (its deliveries wait for the retry).</summary>
    public bool Failing => Volatile.Read(ref _failing) != 0;

    /// <summary>Sum of the delivered events' delay from the event to the receiver's acceptance, in seconds.</summary>
    public double LatencySumSeconds => Interlocked.Read(ref _latencyMicros) / 1_000_000.0;

    public void Count(Storage.DeliveryStatus status, TimeSpan latency)
    {
        switch (status)
        {
            case Storage.DeliveryStatus.Delivered:
                Interlocked.Increment(ref _delivered);
                Interlocked.Add(ref _latencyMicros, Math.Max(0, (long)latency.TotalMicroseconds));
                Volatile.Write(ref _failing, 0);
                break;
            case Storage.DeliveryStatus.Dead:
                Interlocked.Increment(ref _failed);
                Interlocked.Increment(ref _dead);
                Volatile.Write(ref _failing, 1);
                break;
            default:
                Interlocked.Increment(ref _failed);
                Volatile.Write(ref _failing, 1);
                break;
        }
    }
}
