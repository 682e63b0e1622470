using Vitals.Core.Probing;

namespace Vitals.Core.Notifications;

/// <summary>
/// One pool's grouping window: open from its first change (sent at once) for the planner's window, collecting the
/// further changes folded per member. Reused across windows: the list and index are cleared, not reallocated.
/// </summary>
internal sealed class PoolWindow(PoolRef pool)
{
    private readonly List<GroupedChange> _members = [];

    // member id → index in _members, or -1 for a member counted beyond the cap.
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public PoolRef Pool { get; set; } = pool;

    public bool IsOpen { get; private set; }

    public bool Removed { get; set; }

    public DateTimeOffset Start { get; private set; }

    public DateTimeOffset End { get; private set; }

    public int Changes { get; private set; }

    public void Open(DateTimeOffset start, TimeSpan length)
    {
        IsOpen = true;
        Start = start;
        End = start + length;
    }

    public void Close() => IsOpen = false;

    /// <summary>Folds one change into the window.</summary>
    public void Add(MemberChange change, int cap)
    {
        Changes++;
        var id = change.Member.MemberId;
        var failing = change.Reason;
        if (_index.TryGetValue(id, out var at))
        {
            if (at >= 0)
            {
                var before = _members[at];
                _members[at] = before with
                {
                    Member = change.Member,
                    To = change.To,
                    Reason = failing != ReasonCode.None ? failing : before.Reason,
                    At = change.At,
                    Changes = before.Changes + 1,
                };
            }

            return;
        }

        if (_members.Count < cap)
        {
            _index[id] = _members.Count;
            _members.Add(new GroupedChange(change.Member, change.From, change.To, failing, change.At, 1));
        }
        else
        {
            _index[id] = -1;
        }
    }

    /// <summary>The summary of the window closed at <paramref name="end"/>; empties the window for reuse.</summary>
    public GroupSummary Drain(DateTimeOffset end)
    {
        var summary = new GroupSummary(Start, end, _members.ToArray(), _index.Count, Changes);
        _members.Clear();
        _index.Clear();
        Changes = 0;
        return summary;
    }
}
