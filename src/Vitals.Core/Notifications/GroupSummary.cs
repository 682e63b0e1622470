namespace Vitals.Core.Notifications;

/// <summary>The contents of a <see cref="NotificationKind.PoolGrouped"/> event.</summary>
/// <param name="WindowStart">When the window opened (the first change, sent on its own, or the end of the previous window).</param>
/// <param name="WindowEnd">When it closed: the event's time.</param>
/// <param name="Members">The members that changed, in order of their first change, at most the planner's cap.</param>
/// <param name="MembersTotal">How many distinct members changed in the window (more than <paramref name="Members"/> when capped).</param>
/// <param name="ChangesTotal">How many transitions the window held.</param>
public sealed record GroupSummary(DateTimeOffset WindowStart, DateTimeOffset WindowEnd, IReadOnlyList<GroupedChange> Members, int MembersTotal,
    int ChangesTotal)
{
    /// <summary>True when <see cref="Members"/> was cut at the cap.</summary>
    public bool Truncated => MembersTotal > Members.Count;
}
