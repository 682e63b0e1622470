namespace Vitals.Testing;

/// <summary>
/// A <see cref="ManualTimeProvider"/> for scheduler tests that can also <see cref="Stall"/>: move time on while no
/// timer callback runs, as when the process is starved of CPU or paused by the GC.
/// </summary>
public sealed class EngineClock : TimeProvider
{
    private readonly ManualTimeProvider _inner = new();
    private volatile bool _stalled;

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

    public override long GetTimestamp() => _inner.GetTimestamp();

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Timers armed now.</summary>
    public int ActiveTimers => _inner.ActiveTimers;

    /// <summary>Seconds since the clock was created, from the timestamp.</summary>
    public double Seconds => _inner.GetTimestamp() / (double)TimestampFrequency;

    /// <summary>Moves time forward, firing every timer that falls due on the way.</summary>
    public void Advance(TimeSpan delta) => _inner.Advance(delta);

    /// <summary>Moves time forward while timer callbacks are held back (they are lost, as a starved timer's are).</summary>
    public void Stall(TimeSpan delta)
    {
        _stalled = true;
        try
        {
            _inner.Advance(delta);
        }
        finally
        {
            _stalled = false;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _inner.CreateTimer(static s =>
        {
            var (clock, cb, st) = ((EngineClock, TimerCallback, object?))s!;
            if (!clock._stalled)
            {
                cb(st);
            }
        }, (this, callback, state), dueTime, period);
    }
}
