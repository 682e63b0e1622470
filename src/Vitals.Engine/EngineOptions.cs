using System.ComponentModel.DataAnnotations;
using Vitals.Core.Health;

namespace Vitals.Engine;

/// <summary>Process-wide settings of the <see cref="HealthEngine"/> scheduler.</summary>
public sealed class EngineOptions
{
    /// <summary>
    /// Most checks in flight at once. Each holds a socket, and the process fd hard limit here is 20,000, so this
    /// bounds descriptors as well as CPU; due checks beyond it wait (and become late).
    /// </summary>
    /// <value>4096</value>
    [Range(1, 1_000_000)]
    public int MaxInFlight { get; set; } = 4096;

    /// <summary>
    /// Granularity of the scheduler's wake-ups: one timer fires every tick and starts every check then due.
    /// A wake-up costs 20-40 µs on a VM, so batching them (≥ 4 ms) keeps the cost per check low.
    /// </summary>
    /// <value>4 ms</value>
    public TimeSpan Tick { get; set; } = TimeSpan.FromMilliseconds(4);

    /// <summary>
    /// Later checks come up to this fraction of the delay early (capped by <see cref="JitterCap"/>; never late), so targets
    /// added together drift apart instead of firing in lockstep for ever.
    /// </summary>
    /// <value>0.05</value>
    [Range(0.0, 0.5)]
    public double Jitter { get; set; } = 0.05;

    /// <summary>The largest jitter applied to one check, whatever the delay.</summary>
    /// <value>250 ms</value>
    public TimeSpan JitterCap { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// A check that could not start within this time after it was due (the checker was overloaded or stalled)
    /// is skipped rather than run late, counted in <see cref="EngineStatus.Skipped"/>, and the target moves to
    /// its next slot. Null means each target's own delay: a whole interval missed.
    /// </summary>
    /// <value>null (the target's delay)</value>
    public TimeSpan? SkipAfter { get; set; }

    /// <summary>
    /// Window of the lateness statistics in <see cref="EngineStatus"/> and of the aggregated skip warning:
    /// figures cover the current and the previous window.
    /// </summary>
    /// <value>10 s</value>
    public TimeSpan LagWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>History length and flap policy of each member's tracker.</summary>
    /// <value><see cref="MemberTrackerOptions.Default"/></value>
    public MemberTrackerOptions Tracker { get; set; } = MemberTrackerOptions.Default;

    /// <summary>Throws one exception listing every value out of range; the engine calls it once, at construction.</summary>
    internal static void Validate(EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.MaxInFlight < 1)
        {
            errors.Add("MaxInFlight must be at least 1");
        }

        if (options.Tick < TimeSpan.FromMilliseconds(1) || options.Tick > TimeSpan.FromSeconds(1))
        {
            errors.Add("Tick must lie in [1 ms, 1 s]");
        }

        if (!(options.Jitter is >= 0 and <= 0.5))
        {
            errors.Add("Jitter must lie in [0, 0.5]");
        }

        if (options.JitterCap < TimeSpan.Zero)
        {
            errors.Add("JitterCap must not be negative");
        }

        if (options.SkipAfter is { } skip && skip < options.Tick)
        {
            errors.Add("SkipAfter must be at least one Tick");
        }

        if (options.LagWindow < TimeSpan.FromSeconds(1))
        {
            errors.Add("LagWindow must be at least 1 s");
        }

        if (options.Tracker is null)
        {
            errors.Add("Tracker must be set");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid engine options: " + string.Join("; ", errors), nameof(options));
        }
    }
}
