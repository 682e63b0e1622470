namespace Vitals.Control.Traffic.Haproxy;

/// <summary>How the HAProxy sync paces itself (docs/load-balancers.md, "The runtime API sync").</summary>
public sealed class HaproxySyncOptions
{
    /// <summary>
    /// How often each binding is reconciled even without a change: a restarted or reloaded HAProxy gets every state back
    /// within this, and so does a server someone changed by hand. Also the pause after a failed sync.
    /// </summary>
    /// <value>2 seconds.</value>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The most commands sent on one connection; a bigger plan is sent as several batches.</summary>
    /// <value>1,000.</value>
    public int MaxBatch { get; set; } = 1_000;

    /// <summary>Throws when a value is out of range; the service calls it once, at construction.</summary>
    public static void Validate(HaproxySyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ReconcileInterval < TimeSpan.FromMilliseconds(100) || options.ReconcileInterval > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"ReconcileInterval must be between 100 ms and 1 hour, not {options.ReconcileInterval}", nameof(options));
        }

        if (options.MaxBatch < 1)
        {
            throw new ArgumentException($"MaxBatch must be at least 1, not {options.MaxBatch}", nameof(options));
        }
    }
}
