using Vitals.Probes;

namespace Vitals.Engine;

/// <summary>
/// One scheduled check and the members it feeds. Everything the per-check path needs is prepared here once
/// (the probe target, durations in timestamp units, the completion callback), so a check allocates nothing of its own.
/// </summary>
/// <remarks>
/// Each start gets a new generation (<see cref="Begin"/>). Exactly one party settles a start: its probe's completion or the
/// watchdog, whichever <see cref="TryClaim"/>s it first; the other finds the claim gone and does nothing.
/// </remarks>
internal sealed class CheckTarget
{
    private readonly HealthEngine _engine;
    private bool _removed;
    private long _generation;

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
        AbandonTicks = ToTimestamp(AbandonAfter(Probe.Timeout), frequency);
        Run = new CheckRun(engine, this);
    }

    public CheckKey Key { get; }

    public ProbeTarget Probe { get; }

    /// <summary>Interval between checks, in timestamp units.</summary>
    public long DelayTicks { get; }

    /// <summary>Half the check timeout, in timestamp units: the tick lag above which a timeout is the checker's.</summary>
    public long HalfTimeoutTicks { get; }

    /// <summary>Largest jitter (a check comes at most this much before its delay), in timestamp units.</summary>
    public long JitterTicks { get; }

    /// <summary>How long a check may run before the watchdog abandons it, in timestamp units (see <see cref="AbandonAfter"/>).</summary>
    public long AbandonTicks { get; }

    /// <summary>
    /// Guards <see cref="Members"/> changes, <see cref="InFlight"/>, <see cref="StartTimestamp"/>, the generation and
    /// <see cref="Run"/>. The object's own
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

    /// <summary>A check was started and is not settled yet (no result taken, not abandoned). Under <see cref="Gate"/>.</summary>
    public bool InFlight { get; private set; }

    /// <summary>When the running (or last) check started.</summary>
    public long StartTimestamp { get; private set; }

    /// <summary>When the next check is due; written under the engine's queue lock.</summary>
    public long DueTimestamp { get; set; }

    /// <summary>Receives the running probe when it does not complete synchronously. Read under <see cref="Gate"/>.</summary>
    public CheckRun Run { get; private set; }

    /// <summary>Neighbours in the engine's list of running checks, the watchdog's sweep list; under its queue lock.</summary>
    public CheckTarget? RunningPrevious { get; set; }

    /// <inheritdoc cref="RunningPrevious"/>
    public CheckTarget? RunningNext { get; set; }

    /// <summary>Marks a check started at <paramref name="now"/>; returns its generation. Under <see cref="Gate"/>.</summary>
    public long Begin(long now)
    {
        InFlight = true;
        StartTimestamp = now;
        return ++_generation;
    }

    /// <summary>
    /// Claims the right to settle the check started as <paramref name="generation"/>: true once, for the first caller.
    /// False for a result of an earlier start (the watchdog abandoned it) or once the check was settled.
    /// </summary>
    public bool TryClaim(long generation)
    {
        lock (Gate)
        {
            if (!InFlight || generation != _generation)
            {
                return false;
            }

            InFlight = false;
            return true;
        }
    }

    /// <summary>
    /// Claims the running check for the watchdog if it has run for <see cref="AbandonTicks"/> or more at
    /// <paramref name="now"/>. The stuck probe keeps the old <see cref="Run"/>, so its late completion cannot touch the
    /// next check's.
    /// </summary>
    public bool TryAbandon(long now)
    {
        lock (Gate)
        {
            if (!InFlight || now - StartTimestamp < AbandonTicks)
            {
                return false;
            }

            InFlight = false;
            Run = new CheckRun(_engine, this);
            return true;
        }
    }

    /// <summary>
    /// How long a check may run before the watchdog abandons it: its timeout plus a grace of max(1 s, timeout).
    /// A prober that honours its timeout has answered well before; the grace absorbs a slow thread pool and the
    /// once-a-second sweep, so only a probe that will never answer is abandoned.
    /// </summary>
    public static TimeSpan AbandonAfter(TimeSpan timeout)
        => timeout + (timeout > TimeSpan.FromSeconds(1) ? timeout : TimeSpan.FromSeconds(1));

    public static long ToTimestamp(TimeSpan span, long frequency)
        => (long)(span.Ticks * ((double)frequency / TimeSpan.TicksPerSecond));
}
