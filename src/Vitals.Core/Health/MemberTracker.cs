using Vitals.Core.Probing;

namespace Vitals.Core.Health;

/// <summary>
/// One member's health: the rise/fall verdict from its checks, the overlays that override it (weight 0 makes it
/// Unused, checks switched off make it Unavailable), its last results and its flapping mark. Decision only: it is
/// handed results and instants and returns what changed; the engine owns locking, time and logging.
/// Not thread-safe.
/// </summary>
public sealed class MemberTracker
{
    private readonly ResultRing _history;
    private readonly FlapPolicy _flapPolicy;

    // Made at the first change between verdicts: most members never flip, and at 100,000 members the detector
    // and its ring are a tenth of the memory per member.
    private FlapDetector? _flap;
    private HealthThresholds _thresholds;
    private TrackerState _checks;
    private bool _weightZero;
    private bool _checksEnabled = true;

    /// <param name="thresholds">Rise and fall.</param>
    /// <param name="now">When tracking starts (the <see cref="Since"/> of the first state).</param>
    /// <param name="options">History length and flap policy; <see cref="MemberTrackerOptions.Default"/> when null.</param>
    /// <param name="restored">A verdict remembered from before a restart (Healthy or Unhealthy); Initial otherwise.</param>
    /// <param name="restoredSince">When the restored verdict began.</param>
    public MemberTracker(HealthThresholds thresholds, DateTimeOffset now, MemberTrackerOptions? options = null,
        HealthState restored = HealthState.Initial, DateTimeOffset? restoredSince = null)
    {
        options ??= MemberTrackerOptions.Default;
        ThrowIfInvalid(thresholds);
        _thresholds = thresholds;
        _history = new ResultRing(options.HistoryLength);
        _flapPolicy = options.Flap;
        FlapDetector.Validate(_flapPolicy);
        var restoredVerdict = restored is HealthState.Healthy or HealthState.Unhealthy;
        _checks = restoredVerdict ? new TrackerState(restored, 0, 0) : TrackerState.Initial;
        IsRestored = restoredVerdict;
        Since = restoredVerdict ? restoredSince ?? now : now;
    }

    /// <summary>The state the member is reported in.</summary>
    public HealthState State => !_checksEnabled ? HealthState.Unavailable
        : _weightZero ? HealthState.Unused
        : _checks.State;

    /// <summary>The verdict of the checks alone (Initial, Healthy or Unhealthy), whatever the overlays.</summary>
    public TrackerState Checks => _checks;

    /// <summary>When <see cref="State"/> began.</summary>
    public DateTimeOffset Since { get; private set; }

    /// <summary>
    /// True while the verdict is one remembered from before a restart and no full run of checks has confirmed or
    /// overturned it; switching checks off or a monitor change that starts over also ends it.
    /// </summary>
    public bool IsRestored { get; private set; }

    public bool IsFlapping => _flap?.IsFlapping ?? false;

    public HealthThresholds Thresholds => _thresholds;

    /// <summary>The newest result, if any.</summary>
    public ProbeResult? LastResult => _history.Count > 0 ? _history.Newest : null;

    /// <summary>The results held, oldest first.</summary>
    public ProbeResult[] History() => _history.ToArray();

    /// <summary>Feeds one check result observed at <paramref name="now"/>.</summary>
    public TrackerUpdate Observe(in ProbeResult result, DateTimeOffset now)
    {
        _history.Add(result);
        if (!_checksEnabled)
        {
            return TrackerUpdate.None;
        }

        var before = State;
        var verdictBefore = _checks.State;
        var (next, changed) = HealthTracker.Apply(_checks, result.Outcome, _thresholds);
        _checks = next;
        if (!changed)
        {
            // Compared with the verdict, not the reported state: checks can confirm a restored verdict while weight 0
            // hides it, and the member must not come back from Unused still marked as restored.
            if (IsRestored && next.State == verdictBefore && (next.Passes >= _thresholds.Rise || next.Failures >= _thresholds.Fall))
            {
                IsRestored = false;
            }

            return new TrackerUpdate(null, _flap?.Evaluate(now) ?? false);
        }

        IsRestored = false;
        // The first verdict out of Initial is not a flip, so it does not count towards flapping.
        var flapChanged = verdictBefore != HealthState.Initial && (_flap ??= new FlapDetector(_flapPolicy)).RecordChange(now);
        if (State == before)
        {
            return new TrackerUpdate(null, flapChanged);
        }

        var evidence = _history.Last(next.State == HealthState.Healthy ? _thresholds.Rise : _thresholds.Fall);
        var reason = result.Outcome == ProbeOutcome.Success ? ReasonCode.None : result.Reason;
        return new TrackerUpdate(Move(before, now, TransitionCause.Checks, reason, evidence), flapChanged);
    }

    /// <summary>Weight 0 makes the member Unused; a non-zero weight shows the check verdict again.</summary>
    public HealthTransition? SetWeightZero(bool weightZero, DateTimeOffset now)
    {
        var before = State;
        _weightZero = weightZero;
        return State == before ? null : Move(before, now, TransitionCause.Weight, ReasonCode.None, []);
    }

    /// <summary>Switching checks off makes the member Unavailable; switching them on starts over from Initial.</summary>
    public HealthTransition? SetChecksEnabled(bool enabled, DateTimeOffset now)
    {
        if (enabled == _checksEnabled)
        {
            return null;
        }

        var before = State;
        _checksEnabled = enabled;

        // Off, the member is reported Unavailable, not the remembered verdict; on, it starts over from Initial.
        IsRestored = false;
        if (enabled)
        {
            _checks = TrackerState.Initial;
        }

        return State == before ? null : Move(before, now, TransitionCause.ChecksToggled, ReasonCode.None, []);
    }

    /// <summary>
    /// New thresholds from a changed monitor. With <paramref name="startOver"/> the verdict returns to Initial
    /// (a different check now decides); otherwise the verdict stands and only the counts restart.
    /// </summary>
    public HealthTransition? ChangeMonitor(HealthThresholds thresholds, bool startOver, DateTimeOffset now)
    {
        ThrowIfInvalid(thresholds);
        _thresholds = thresholds;
        var before = State;
        _checks = startOver ? TrackerState.Initial : _checks with { Passes = 0, Failures = 0 };
        if (startOver)
        {
            // The remembered verdict was discarded, so nothing restored is shown any more.
            IsRestored = false;
        }
        return State == before ? null : Move(before, now, TransitionCause.MonitorChanged, ReasonCode.None, []);
    }

    // A threshold of 0 would turn a member on no evidence at all; specs allow 1-10, so anything below 1 is a bug.
    private static void ThrowIfInvalid(HealthThresholds thresholds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(thresholds.Rise, 1, nameof(thresholds));
        ArgumentOutOfRangeException.ThrowIfLessThan(thresholds.Fall, 1, nameof(thresholds));
    }

    private HealthTransition Move(HealthState from, DateTimeOffset now, TransitionCause cause, ReasonCode reason,
        IReadOnlyList<ProbeResult> evidence)
    {
        Since = now;
        return new HealthTransition(from, State, now, cause, reason, evidence);
    }
}
