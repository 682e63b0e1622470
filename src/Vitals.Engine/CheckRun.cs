using Vitals.Core.Probing;

namespace Vitals.Engine;

/// <summary>
/// The running probe of a check and the continuation that receives it. Reused for every check of its target, so a
/// check allocates nothing; replaced only when the watchdog abandons a stuck check, so that the stuck probe's late
/// completion lands here, on the old instance, with the old generation, and is recognised as stale instead of
/// reading (and consuming) the ValueTask of the target's next check.
/// </summary>
internal sealed class CheckRun
{
    private readonly HealthEngine _engine;
    private readonly CheckTarget _target;
    private readonly Action _onCompleted;
    private ValueTask<ProbeResult> _pending;
    private long _generation;

    public CheckRun(HealthEngine engine, CheckTarget target)
    {
        _engine = engine;
        _target = target;
        _onCompleted = Completed;
    }

    /// <summary>Waits for <paramref name="pending"/>, the probe of the check started as <paramref name="generation"/>.</summary>
    public void Await(ValueTask<ProbeResult> pending, long generation)
    {
        _pending = pending;
        _generation = generation;
        pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onCompleted);
    }

    private void Completed()
    {
        var pending = _pending;
        _pending = default;
        _engine.OnProbeCompleted(_target, _generation, pending);
    }
}
