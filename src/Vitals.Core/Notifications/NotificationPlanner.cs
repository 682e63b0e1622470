using Vitals.Core.Health;
using Vitals.Core.Traffic;

namespace Vitals.Core.Notifications;

/// <summary>
/// Decides which notifications to send so that a flap or an outage does not become a storm. Fed member transitions,
/// flapping marks, removals and clock ticks, each with an explicit instant; appends the events to send, in order, to
/// the caller's list. Pure and not thread-safe: the caller owns one per node, feeds it under one lock, arms a timer
/// for <see cref="NextDue"/> and calls <see cref="Tick"/> then.
/// <list type="bullet">
/// <item>Flapping: the transition that makes a member flapping gives one <c>member.flapping_started</c> (its changes still
/// waiting in the pool's window are dropped: that event supersedes them); its transitions while flapping are held back; the mark clearing gives one <c>member.flapping_stopped</c> with a summary.</item>
/// <item>Grouping, per pool, in fixed windows: a change in a quiet pool goes out at once and opens a window of
/// <see cref="NotificationPlannerOptions.GroupWindow"/>; the pool's further changes in it are folded per member and sent
/// as one <c>pool.grouped</c> when it ends. A window that held changes opens the next one at its end; an empty one
/// leaves the pool quiet. Windows never extend, so a steady trickle cannot hold changes back for ever.</item>
/// <item>Panics: only a pool's entering and leaving panic are sent.</item>
/// </list>
/// A pool's window object is kept (and reused) until the pool is removed, so memory follows the number of pools.
/// </summary>
public sealed partial class NotificationPlanner
{
    private readonly NotificationPlannerOptions _options;
    private readonly Dictionary<string, PoolWindow> _pools = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FlapTrack> _flapping = new(StringComparer.Ordinal);
    private readonly PriorityQueue<PoolWindow, long> _due = new();
    private readonly Dictionary<string, PoolRef> _panicking = new(StringComparer.Ordinal);
    private DateTimeOffset _clock = DateTimeOffset.MinValue;

    public NotificationPlanner(NotificationPlannerOptions? options = null)
    {
        _options = options ?? NotificationPlannerOptions.Default;
        NotificationPlannerOptions.Validate(_options);
    }

    /// <summary>Members whose transitions are held back now.</summary>
    public int FlappingCount => _flapping.Count;

    /// <summary>Pools with an open grouping window.</summary>
    public int OpenWindows
    {
        get
        {
            var n = 0;
            foreach (var window in _pools.Values)
            {
                n += window.IsOpen ? 1 : 0;
            }

            return n;
        }
    }

    /// <summary>
    /// One transition of a member, with the flapping mark if it changed with it (the engine's <c>HealthEvent</c>:
    /// true when this transition made the member flapping, false when the mark cleared with it, null otherwise).
    /// </summary>
    public void OnTransition(MemberChange change, bool? flappingNow, ICollection<NotificationEvent> output)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(output);
        var now = Advance(change.At, output);
        var memberId = change.Member.MemberId;
        if (_flapping.TryGetValue(memberId, out var track))
        {
            track.Member = change.Member;
            track.Flip(change.At, change.To);
            if (flappingNow == false)
            {
                _flapping.Remove(memberId);
                output.Add(NotificationEvent.FlappingStopped(change.Member, track.Stopped(change.To), now));
            }

            return;
        }

        if (flappingNow == true)
        {
            StartFlapping(new FlapTrack(change.Member, change.From, change.To, change.At, change.To), output);
            return;
        }

        if (IsNews(change.From, change.To))
        {
            Group(change, now, output);
        }
    }

    /// <summary>
    /// Whether a change is worth telling: a new member's first verdict Healthy, and a return to Initial (checks switched
    /// on again, before any verdict), are not; everything else is (a first verdict Unhealthy included).
    /// </summary>
    public static bool IsNews(HealthState from, HealthState to) =>
        to != HealthState.Initial && !(from == HealthState.Initial && to == HealthState.Healthy);

    /// <summary>
    /// A flapping mark that changed without a transition (the engine clears it when old flips age out).
    /// <paramref name="state"/> is the member's state now.
    /// </summary>
    public void OnFlapping(MemberRef member, bool flapping, HealthState state, DateTimeOffset at, ICollection<NotificationEvent> output)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(output);
        var now = Advance(at, output);
        var tracked = _flapping.TryGetValue(member.MemberId, out var track);
        if (flapping && !tracked)
        {
            StartFlapping(new FlapTrack(member, state, state, at, state), output);
        }
        else if (!flapping && tracked)
        {
            _flapping.Remove(member.MemberId);
            output.Add(NotificationEvent.FlappingStopped(member, track!.Stopped(state), now));
        }
    }

    /// <summary>
    /// The member was deleted: if it was flapping, a <c>member.flapping_stopped</c> closes it (final state its last one,
    /// detail saying so), so a receiver is not left with a flap that never ends. Its changes already in a window stay.
    /// </summary>
    public void OnMemberRemoved(string memberId, DateTimeOffset at, ICollection<NotificationEvent> output)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        ArgumentNullException.ThrowIfNull(output);
        var now = Advance(at, output);
        if (_flapping.Remove(memberId, out var track))
        {
            output.Add(Deleted(track, now));
        }
    }

    /// <summary>
    /// A pool's panic as the rotation book reports it: <paramref name="panic"/> null when the pool is back to normal.
    /// Only the edges are sent (<c>pool.panic_started</c> when it enters, <c>pool.panic_ended</c> when it leaves): a
    /// panic that only changes the members it keeps sends nothing. Not grouped: one pool, at most one of each.
    /// </summary>
    public void OnPanic(PoolRef pool, PoolPanic? panic, DateTimeOffset at, ICollection<NotificationEvent> output)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(output);
        var now = Advance(at, output);
        if (panic is not null && _panicking.TryAdd(pool.PoolId, pool))
        {
            output.Add(NotificationEvent.PanicStarted(pool, panic, now));
        }
        else if (panic is null && _panicking.Remove(pool.PoolId))
        {
            output.Add(NotificationEvent.PanicEnded(pool, now));
        }
    }

    /// <summary>Moves the clock to <paramref name="now"/>: every window that ended by then is sent or closed.</summary>
    public void Tick(DateTimeOffset now, ICollection<NotificationEvent> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Advance(now, output);
    }

    private void StartFlapping(FlapTrack track, ICollection<NotificationEvent> output)
    {
        var member = track.Member;
        _flapping.Add(member.MemberId, track);

        // Its earlier changes still waiting in the pool's window are superseded by the flapping event: sending them
        // too would be the very messages flapping is meant to spare (a window left empty then sends nothing).
        if (_pools.TryGetValue(member.Pool.PoolId, out var window) && window.IsOpen)
        {
            window.Remove(member.MemberId);
        }

        output.Add(NotificationEvent.FlappingStarted(member, track.Started));
    }

    private static NotificationEvent Deleted(FlapTrack track, DateTimeOffset at) =>
        NotificationEvent.FlappingStopped(track.Member, track.Stopped(track.State), at) with { Detail = "The member was deleted while flapping." };
}
