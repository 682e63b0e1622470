namespace Vitals.Core.Health;

/// <summary>
/// Remembers the instants of a member's last state changes (a small ring, <see cref="FlapPolicy.Changes"/> long)
/// and says whether it is flapping. Not thread-safe: owned by one <see cref="MemberTracker"/>.
/// </summary>
public sealed class FlapDetector
{
    private readonly FlapPolicy _policy;
    private readonly DateTimeOffset[] _changes;
    private int _next;
    private int _count;

    public FlapDetector(FlapPolicy policy)
    {
        Validate(policy);
        _policy = policy;
        _changes = new DateTimeOffset[policy.Changes];
    }

    /// <summary>Throws when <paramref name="policy"/> cannot work (checked at construction, not at the first flip).</summary>
    public static void Validate(FlapPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Changes < 2 || policy.SettleChanges < 0 || policy.SettleChanges >= policy.Changes || policy.Window <= TimeSpan.Zero)
        {
            throw new ArgumentException("a flap policy needs Changes >= 2, 0 <= SettleChanges < Changes and a positive Window", nameof(policy));
        }
    }

    public bool IsFlapping { get; private set; }

    /// <summary>Records a state change at <paramref name="at"/>; returns true when the flapping mark changed.</summary>
    public bool RecordChange(DateTimeOffset at)
    {
        _changes[_next] = at;
        _next = (_next + 1) % _changes.Length;
        _count = Math.Min(_count + 1, _changes.Length);
        return Evaluate(at);
    }

    /// <summary>Re-evaluates at <paramref name="now"/> (changes age out); returns true when the mark changed.</summary>
    public bool Evaluate(DateTimeOffset now)
    {
        var recent = CountSince(now - _policy.Window);
        var flapping = IsFlapping ? recent > _policy.SettleChanges : recent >= _policy.Changes;
        if (flapping == IsFlapping)
        {
            return false;
        }

        IsFlapping = flapping;
        return true;
    }

    /// <summary>How many recorded changes happened after <paramref name="since"/>.</summary>
    public int CountSince(DateTimeOffset since)
    {
        var n = 0;
        for (var i = 0; i < _count; i++)
        {
            if (_changes[i] > since)
            {
                n++;
            }
        }

        return n;
    }
}
