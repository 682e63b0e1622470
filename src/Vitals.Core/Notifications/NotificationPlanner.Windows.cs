namespace Vitals.Core.Notifications;

/// <summary>The per-pool grouping windows of <see cref="NotificationPlanner"/>.</summary>
public sealed partial class NotificationPlanner
{
    /// <summary>When the earliest open window ends (arm a timer and call <see cref="Tick"/> then); null when none is open.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            while (_due.TryPeek(out var window, out _))
            {
                if (!window.Removed)
                {
                    return window.End;
                }

                _due.Dequeue();
            }

            return null;
        }
    }

    /// <summary>
    /// The pool was deleted (with its members): its open window is sent at once, ending at <paramref name="at"/>, since
    /// those changes happened; a panic it was in ends (<c>pool.panic_ended</c>); its flapping members get a closing
    /// <c>member.flapping_stopped</c>; then it is forgotten.
    /// </summary>
    public void OnPoolRemoved(string poolId, DateTimeOffset at, ICollection<NotificationEvent> output)
    {
        ArgumentNullException.ThrowIfNull(poolId);
        ArgumentNullException.ThrowIfNull(output);
        var now = Advance(at, output);
        if (_pools.Remove(poolId, out var window))
        {
            window.Removed = true;
            if (window.IsOpen && window.Changes > 0)
            {
                output.Add(NotificationEvent.Grouped(window.Pool, window.Drain(now)));
            }

            window.Close();
        }

        if (_panicking.Remove(poolId, out var panicking))
        {
            output.Add(NotificationEvent.PanicEnded(panicking, now) with { Detail = "The pool was deleted while in panic." });
        }

        List<FlapTrack>? gone = null;
        foreach (var track in _flapping.Values)
        {
            if (string.Equals(track.Member.Pool.PoolId, poolId, StringComparison.Ordinal))
            {
                (gone ??= []).Add(track);
            }
        }

        if (gone is null)
        {
            return;
        }

        foreach (var track in gone)
        {
            _flapping.Remove(track.Member.MemberId);
            output.Add(Deleted(track, now));
        }
    }

    /// <summary>A change not held back by flapping: at once in a quiet pool, otherwise into the pool's open window.</summary>
    private void Group(MemberChange change, DateTimeOffset now, ICollection<NotificationEvent> output)
    {
        var pool = change.Member.Pool;
        if (!_pools.TryGetValue(pool.PoolId, out var window))
        {
            window = new PoolWindow(pool);
            _pools.Add(pool.PoolId, window);
        }

        window.Pool = pool;
        if (window.IsOpen)
        {
            window.Add(change, _options.MaxGroupedMembers);
            return;
        }

        output.Add(NotificationEvent.Transition(change));
        Open(window, now);
    }

    /// <summary>
    /// Moves the clock forward (never back: a late input counts at the current time) and closes every window that
    /// ended by then, in order of their ends. Returns the clock.
    /// </summary>
    private DateTimeOffset Advance(DateTimeOffset at, ICollection<NotificationEvent> output)
    {
        if (at > _clock)
        {
            _clock = at;
        }

        // Each open window has exactly one entry; a window reopened at its end can be due again in this same loop
        // (a late tick), and then it is empty and closes: at most two turns per window.
        while (_due.TryPeek(out var window, out var endTicks) && endTicks <= _clock.UtcTicks)
        {
            _due.Dequeue();
            if (window.Removed)
            {
                continue;
            }

            if (window.Changes == 0)
            {
                window.Close();
                continue;
            }

            var end = window.End;
            output.Add(NotificationEvent.Grouped(window.Pool, window.Drain(end)));
            Open(window, end);
        }

        return _clock;
    }

    private void Open(PoolWindow window, DateTimeOffset start)
    {
        window.Open(start, _options.GroupWindow);
        _due.Enqueue(window, window.End.UtcTicks);
    }
}
