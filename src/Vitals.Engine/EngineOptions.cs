using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Vitals.Core.Health;

namespace Vitals.Engine;

/// <summary>Process-wide settings of the <see cref="HealthEngine"/> scheduler.</summary>
/// <remarks>
/// Ranges are DataAnnotations checked by <see cref="EngineOptionsValidator"/>; rules between figures are in
/// <see cref="EngineOptionsCrossFieldValidator"/>. The engine refuses options that fail either, at construction.
/// </remarks>
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
    /// <value>4 ms (1 ms to 1 s)</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:01")]
    public TimeSpan Tick { get; set; } = TimeSpan.FromMilliseconds(4);

    /// <summary>
    /// Later checks come up to this fraction of the delay early (capped by <see cref="JitterCap"/>; never late), so targets
    /// added together drift apart instead of firing in lockstep for ever.
    /// </summary>
    /// <value>0.05 (0 to 0.5)</value>
    [Range(0.0, 0.5)]
    public double Jitter { get; set; } = 0.05;

    /// <summary>The largest jitter applied to one check, whatever the delay.</summary>
    /// <value>250 ms (0 to 10 min)</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan JitterCap { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// A check that could not start within this time after it was due (the checker was overloaded or stalled)
    /// is skipped rather than run late, counted in <see cref="EngineStatus.Skipped"/>, and the target moves to
    /// its next slot. Null means each target's own delay: a whole interval missed. At least one <see cref="Tick"/>.
    /// </summary>
    /// <value>null (the target's delay); else 1 ms to 1 h</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan? SkipAfter { get; set; }

    /// <summary>
    /// Window of the lateness statistics in <see cref="EngineStatus"/> and of the aggregated skip warning:
    /// figures cover the current and the previous window.
    /// </summary>
    /// <value>10 s (1 s to 1 h)</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LagWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>History length and flap policy of each member's tracker.</summary>
    /// <value><see cref="MemberTrackerOptions.Default"/></value>
    // SYSLIB1212: MemberTrackerOptions.Flap carries no [ValidateObjectMembers] because Core takes no options dependency;
    // EngineOptionsCrossFieldValidator checks the flap policy instead.
#pragma warning disable SYSLIB1212
    [Required]
    [ValidateObjectMembers]
    public MemberTrackerOptions Tracker { get; set; } = MemberTrackerOptions.Default;
#pragma warning restore SYSLIB1212

    /// <summary>
    /// Throws one exception listing every value out of range and every broken rule between values; the engine calls it
    /// once, at construction, so every host (the server, <c>vitals probe</c>'s scheduled mode) is covered.
    /// </summary>
    internal static void Validate(EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = Check(options);
        if (result.Failed)
        {
            throw new ArgumentException("Invalid engine options: " + result.FailureMessage, nameof(options));
        }
    }

    /// <summary>Both validators' verdict: the ranges, then (when they hold) the rules between figures.</summary>
    public static ValidateOptionsResult Check(EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        builder.AddResult(new EngineOptionsValidator().Validate(null, options));
        builder.AddResult(new EngineOptionsCrossFieldValidator().Validate(null, options));
        return builder.Build();
    }
}
