using System.Diagnostics;
using Vitals.Core.Probing;
using Vitals.Probes;

namespace Vitals.Engine;

/// <summary>
/// One scheduled check and the members it feeds. Everything the per-check path needs is prepared here once
/// (the probe target, durations in timestamp units, the completion callback), so a check allocates nothing of its own.
/// </summary>
internal sealed class CheckTarget
{
    private readonly HealthEngine _engine;
    private bool _removed;

    public CheckTarget(HealthEngine engine, CheckKey key, long frequency, TimeSpan jitterCap, double jitter)
    {
        _engine = engine;
        Key = key;
        Probe = new ProbeTarget(key.EndPoint, key.Spec, grpcOverTls: key.GrpcOverTls);
        var delay = key.Spec.DelaySpan;
        DelayTicks = ToTimestamp(delay, frequency);
        HalfTimeoutTicks = ToTimestamp(Probe.Timeout, frequency) / 2;
        var jitterSpan = TimeSpan.FromTicks(Math.Min((long)(delay.Ticks * jitter), jitterCap.Ticks));
        JitterTicks = ToTimestamp(jitterSpan, frequency);
        OnProbeCompleted = Completed;
    }

    public CheckKey Key { get; }

    public ProbeTarget Probe { get; }

    /// <summary>Interval between checks, in timestamp units.</summary>
    public long DelayTicks { get; }

    /// <summary>Half the check timeout, in timestamp units: the tick lag above which a timeout is the checker's.</summary>
    public long HalfTimeoutTicks { get; }

    /// <summary>Largest jitter either way, in timestamp units.</summary>
    public long JitterTicks { get; }

    /// <summary>
    /// Guards <see cref="Members"/> changes, <see cref="InFlight"/> and <see cref="StartTimestamp"/>. The object's own
    /// monitor: a thin lock in its header costs no memory per target, unlike a separate lock object.
    /// </summary>
    public object Gate => this;

    /// <summary>Members fed by this check; copy-on-write under <see cref="Gate"/>, so readers need no lock.</summary>
    public MemberEntry[] Members { get; set; } = [];

    /// <summary>Set once the last member left; its queued slot is dropped and a running check's result ignored.</summary>
    public bool Removed
    {
        get => Volatile.Read(ref _removed);
        set => Volatile.Write(ref _removed, value);
    }

    public bool InFlight { get; set; }

    /// <summary>When the running (or last) check started.</summary>
    public long StartTimestamp { get; set; }

    /// <summary>When the next check is due; written under the engine's queue lock.</summary>
    public long DueTimestamp { get; set; }

    /// <summary>The running probe, when it did not complete synchronously.</summary>
    public ValueTask<ProbeResult> Pending { get; set; }

    /// <summary>Continuation for <see cref="Pending"/>: one delegate per target, reused for every check.</summary>
    public Action OnProbeCompleted { get; }

    private void Completed()
    {
        var pending = Pending;
        Pending = default;
        Debug.Assert(InFlight, "a completion arrived for a target with no check in flight");
        _engine.OnProbeCompleted(this, pending);
    }

    public static long ToTimestamp(TimeSpan span, long frequency)
        => (long)(span.Ticks * ((double)frequency / TimeSpan.TicksPerSecond));
}
