using Vitals.Core.Health;

namespace Vitals.Core.Notifications;

/// <summary>A flapping member as the planner follows it: the flips it holds back.</summary>
internal sealed class FlapTrack
{
    private readonly HealthState _between;
    private readonly HealthState _and;
    private readonly DateTimeOffset _firstAt;

    public FlapTrack(MemberRef member, HealthState between, HealthState and, DateTimeOffset firstAt, HealthState state)
    {
        Member = member;
        _between = between;
        _and = and;
        _firstAt = firstAt;
        LastAt = firstAt;
        State = state;
    }

    public MemberRef Member { get; set; }

    /// <summary>Transitions seen while flapping, the one that started it included.</summary>
    public int Flips { get; private set; } = 1;

    public DateTimeOffset LastAt { get; private set; }

    /// <summary>The member's state after its last flip.</summary>
    public HealthState State { get; private set; }

    public FlapSummary Started => new(_between, _and, 1, _firstAt, _firstAt, State);

    public void Flip(DateTimeOffset at, HealthState to)
    {
        Flips++;
        LastAt = at;
        State = to;
    }

    /// <summary>The summary as flapping stops, with <paramref name="final"/> the state it settled in.</summary>
    public FlapSummary Stopped(HealthState final) => new(_between, _and, Flips, _firstAt, LastAt, final);
}
