namespace Vitals.Control.Health;

/// <summary>One page of a pool's members that match a filter, the id to continue after, and how many match in all.</summary>
internal sealed record PoolMembersPage(IReadOnlyList<MemberLiveHealth> Members, string? Next, int Total);
