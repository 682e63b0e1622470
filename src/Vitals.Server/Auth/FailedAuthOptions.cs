using System.ComponentModel.DataAnnotations;

namespace Vitals.Server.Auth;

/// <summary>
/// How many failed authentications one source address may make before its requests are answered 429 (a token bucket:
/// <see cref="Burst"/> failures at once, one more every <see cref="RefillPeriod"/>). Successful requests never use the bucket.
/// </summary>
public sealed class FailedAuthOptions
{
    /// <summary>Failed authentications a source may make in a row before it is throttled.</summary>
    /// <value>20</value>
    [Range(1, 100_000)]
    public int Burst { get; set; } = 20;

    /// <summary>How often a throttled source earns one more attempt (and a bucket one failure back).</summary>
    /// <value>1 s</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RefillPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Source addresses (IPv6: /64 networks) tracked at once; beyond that a new source is not counted until buckets refill
    /// to full and are forgotten. Bounds the memory a flood of addresses can take.
    /// </summary>
    /// <value>100,000</value>
    [Range(16, 10_000_000)]
    public int MaxSources { get; set; } = 100_000;
}
