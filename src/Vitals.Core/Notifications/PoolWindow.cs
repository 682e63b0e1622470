using Vitals.Core.Probing;

namespace Vitals.Core.Notifications;

/// <summary>
/// One pool's grouping window: open from its first change (sent at once) for the planner's window, collecting the
/// further changes folded per member. Reused across windows: the list and index are cleared, not reallocated.
/// </summary>
internal sealed class PoolWindow(PoolRef pool)
{
    private readonly List<GroupedChange> _members = [];

    // member id → its index in _members (-1 for a member counted beyond the cap) and how many changes it has here.
    private readonly Dictionary<string, (int Index, int Changes)> _index = new(StringComparer.Ordinal);

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
        if (_index.TryGetValue(id, out var slot))
        {
            _index[id] = (slot.Index, slot.Changes + 1);
            if (slot.Index >= 0)
            {
                var before = _members[slot.Index];
                _members[slot.Index] = before with
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
            _index[id] = (_members.Count, 1);
            _members.Add(new GroupedChange(change.Member, change.From, change.To, failing, change.At, 1));
        }
        else
        {
            _index[id] = (-1, 1);
        }
    }

    /// <summary>
    /// Takes a member's changes out of the window (it started flapping: its flapping event tells them). Rare, so the
    /// indexes after it are simply renumbered.
    /// </summary>
    public void Remove(string memberId)
    {
        if (!_index.Remove(memberId, out var slot))
        {
            return;
        }

        Changes -= slot.Changes;
        if (slot.Index < 0)
        {
            return;
        }

        _members.RemoveAt(slot.Index);
        for (var i = slot.Index; i < _members.Count; i++)
        {
            var id = _members[i].Member.MemberId;
            _index[id] = (i, _index[id].Changes);
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
